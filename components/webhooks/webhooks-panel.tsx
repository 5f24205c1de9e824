'use client';

import * as React from 'react';
import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Webhook } from 'lucide-react';
import { api } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { TableDate } from '@/components/ui/table-date';
import {
  DELIVERY_STATUS_LABEL,
  endpointStatusLabel,
  eventPatternLabel,
  FORMAT_LABEL,
  MAX_ENDPOINTS_PER_TENANT,
} from '@/lib/webhooks/policy';
import { webhooksKey, webhooksPath, type WebhookEndpointList, type WebhookEndpointView, type WebhookEndpointWithSecret } from './api';
import { EndpointDialog } from './endpoint-dialog';
import { EndpointSecretDialog } from './secret-dialog';

/** An endpoint's state as a badge: Enabled, Off, or Off after failing. */
export function EndpointStatus({ endpoint }: { endpoint: Pick<WebhookEndpointView, 'enabled' | 'disabledReason'> }) {
  const tone = endpoint.enabled ? 'success' : endpoint.disabledReason === 'failing' ? 'danger' : 'neutral';
  return (
    <Badge tone={tone} dot>
      {endpointStatusLabel(endpoint)}
    </Badge>
  );
}

const deliveryTone = { pending: 'info', succeeded: 'success', failed: 'danger' } as const;

function columns(tenant: string): DataTableColumn<WebhookEndpointView>[] {
  return [
    {
      id: 'url',
      header: 'Endpoint',
      meta: { primary: true, cellClassName: 'md:max-w-md' },
      cell: ({ row }) => (
        <>
          <Link
            href={`/t/${tenant}/webhooks/${row.original.id}`}
            className="font-mono text-xs font-medium break-all text-link underline-offset-2 hover:underline"
          >
            {row.original.url}
          </Link>
          {row.original.description ? <div className="text-xs font-normal text-muted-foreground">{row.original.description}</div> : null}
        </>
      ),
    },
    { id: 'format', header: 'Format', cell: ({ row }) => FORMAT_LABEL[row.original.format] },
    {
      id: 'events',
      header: 'Events',
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-1">
          {row.original.events.map((p) => (
            <Badge key={p} tone="accent">
              {p.includes('*') ? eventPatternLabel(p) : <code>{p}</code>}
            </Badge>
          ))}
        </span>
      ),
    },
    { id: 'status', header: 'Status', cell: ({ row }) => <EndpointStatus endpoint={row.original} /> },
    {
      id: 'last',
      header: 'Last delivery',
      cell: ({ row }) =>
        row.original.lastDelivery ? (
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={deliveryTone[row.original.lastDelivery.status]}>{DELIVERY_STATUS_LABEL[row.original.lastDelivery.status]}</Badge>
            <TableDate iso={row.original.lastDelivery.at} />
          </span>
        ) : (
          <span className="text-muted-foreground">None yet</span>
        ),
    },
  ];
}

/**
 * The tenant's webhook endpoints: a table on desktop, cards on a phone (status, last delivery); "Add endpoint" opens
 * the dialog, and the new endpoint's secret is shown once. Each endpoint's page has its settings and delivery log.
 */
export function WebhooksPanel({ tenant }: { tenant: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: webhooksKey(tenant),
    queryFn: async () => (await api<WebhookEndpointList>(webhooksPath(tenant))).data,
  });
  const cols = React.useMemo(() => columns(tenant), [tenant]);
  const [adding, setAdding] = React.useState(false);
  const [created, setCreated] = React.useState<WebhookEndpointWithSecret | null>(null);
  const full = (list.data?.length ?? 0) >= MAX_ENDPOINTS_PER_TENANT;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Webhooks"
        description="Endpoints that hear about changes in this tenant as they happen — members, roles, batches and more — signed so the receiver can trust them."
        actions={
          <Button variant="primary" onClick={() => setAdding(true)} disabled={full}>
            <Plus aria-hidden="true" /> Add endpoint
          </Button>
        }
      />
      {full ? (
        <p className="text-sm text-muted-foreground">
          A tenant has at most {MAX_ENDPOINTS_PER_TENANT} endpoints; delete one to add another.
        </p>
      ) : null}
      <DataTable
        label="Webhook endpoints"
        columns={cols}
        data={list.data}
        getRowId={(e) => e.id}
        query={list}
        skeletonRows={2}
        rowTestId="webhook-row"
        empty={
          <EmptyState icon={<Webhook />} title="No endpoints yet" action={<Button onClick={() => setAdding(true)}>Add endpoint</Button>}>
            Add the address of a system that should hear about changes here, and choose which events it gets.
          </EmptyState>
        }
      />
      {adding ? (
        <EndpointDialog
          tenant={tenant}
          endpoint={null}
          onClose={() => setAdding(false)}
          onSaved={() => void queryClient.invalidateQueries({ queryKey: webhooksKey(tenant) })}
          onCreated={setCreated}
        />
      ) : null}
      {created ? <EndpointSecretDialog endpoint={created} rotated={false} onClose={() => setCreated(null)} /> : null}
    </div>
  );
}
