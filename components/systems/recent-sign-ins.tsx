'use client';

import { useQuery } from '@tanstack/react-query';
import { LogIn } from 'lucide-react';
import { api, type AuditPage } from '@/components/audit/api';
import { auditPath } from '@/components/audit/api';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { TableDate } from '@/components/ui/table-date';
import type { AuditEventView } from '@/lib/audit/schemas';
import { RECENT_SIGN_INS_LIMIT, recentSignInsKey, recentSignInsQuery } from './system-page-api';

/** The client named by a sign-in event (the provider records `{clientId, clientName}`). */
function clientOf(event: AuditEventView): string {
  const details = { ...event.before, ...event.after } as { clientName?: unknown; clientId?: unknown };
  if (typeof details.clientName === 'string') return details.clientName;
  return typeof details.clientId === 'string' ? details.clientId : '—';
}

const columns: DataTableColumn<AuditEventView>[] = [
  {
    id: 'person',
    header: 'Person',
    meta: { primary: true },
    cell: ({ row }) => <span className="font-medium">{row.original.actor.name ?? 'Someone'}</span>,
  },
  { id: 'client', header: 'Through', cell: ({ row }) => clientOf(row.original) },
  { id: 'when', header: 'When', cell: ({ row }) => <TableDate iso={row.original.occurredAt} /> },
];

/**
 * The last 20 sign-ins through the system's OpenID clients, from the tenant's audit trail (`oidc.signed_in` events
 * on the system). Needs `audit.read`; without it the card says so.
 */
export function RecentSignIns({
  tenant,
  slug,
  systemId,
  canReadAudit,
}: {
  tenant: string;
  slug: string;
  systemId: string;
  canReadAudit: boolean;
}) {
  const signIns = useQuery({
    queryKey: recentSignInsKey(tenant, slug),
    queryFn: () => api<AuditPage>(`${auditPath(tenant)}?${new URLSearchParams(recentSignInsQuery(systemId))}`).then((r) => r.data),
    enabled: canReadAudit,
  });
  return (
    <Card aria-labelledby="recent-sign-ins-title">
      <CardHeader className="flex-col gap-1">
        <CardTitle id="recent-sign-ins-title">Recent sign-ins</CardTitle>
        <CardDescription>The last {RECENT_SIGN_INS_LIMIT} times someone signed in to this system with Custos.</CardDescription>
      </CardHeader>
      <CardContent>
        {canReadAudit ? (
          <DataTable
            label="Recent sign-ins"
            columns={columns}
            data={signIns.data}
            getRowId={(e) => e.id}
            query={signIns}
            skeletonRows={2}
            rowTestId="sign-in-row"
            errorTitle="The recent sign-ins could not be loaded."
            empty={
              <EmptyState icon={<LogIn />} title="No sign-ins yet" headingLevel="h3" size="compact">
                Sign-ins appear here once people use the system&apos;s OpenID clients.
              </EmptyState>
            }
          />
        ) : (
          <p className="text-sm text-muted-foreground">Seeing sign-ins needs the permission to read the audit trail.</p>
        )}
      </CardContent>
    </Card>
  );
}
