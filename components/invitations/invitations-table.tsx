'use client';

import * as React from 'react';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { TableDate } from '@/components/ui/table-date';
import type { TableSortState } from '@/components/ui/use-list-params';
import type { InvitationView } from './api';

type Query = React.ComponentProps<typeof DataTable<InvitationView>>['query'];
type Pages = React.ComponentProps<typeof DataTable<InvitationView>>['pages'];

export type InvitationsTableProps = {
  rows: InvitationView[] | undefined;
  /** The rows are the previous filter's while the new ones load. */
  stale: boolean;
  /** The order, kept in the URL and done by the server. */
  sort: TableSortState;
  query: Query;
  pages: Pages;
  toolbar: React.ReactNode;
  empty: React.ReactNode;
  /** The invitation being sent again, if any (the other Resend buttons wait). */
  resendingId: string | null;
  onResend: (invitation: InvitationView) => void;
  onRevoke: (invitation: InvitationView) => void;
};

function invitationColumns(
  resendingId: string | null,
  onResend: (invitation: InvitationView) => void,
  onRevoke: (invitation: InvitationView) => void,
): DataTableColumn<InvitationView>[] {
  return [
    {
      id: 'email',
      header: 'Email',
      accessorKey: 'email',
      meta: { primary: true, cellClassName: 'md:max-w-64' },
      cell: ({ row }) => (
        <span className="block truncate font-medium" title={row.original.email}>
          {row.original.email}
        </span>
      ),
    },
    {
      id: 'access',
      header: 'Roles and teams',
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.roles.map((r) => (
            <Badge key={r.id} tone={r.name === 'admin' ? 'accent' : 'neutral'}>
              {r.name}
            </Badge>
          ))}
          {row.original.teams.map((t) => (
            <Badge key={t.id} tone="info">
              {t.name}
            </Badge>
          ))}
          {row.original.roles.length + row.original.teams.length === 0 ? <span className="text-muted-foreground">—</span> : null}
        </div>
      ),
    },
    { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    {
      id: 'invitedBy',
      header: 'Invited by',
      meta: { cellClassName: 'md:whitespace-nowrap' },
      cell: ({ row }) => row.original.invitedBy.name,
    },
    {
      id: 'created',
      header: 'Invited',
      accessorKey: 'createdAt',
      sortDescFirst: true,
      cell: ({ row }) => (
        <div className="flex flex-col">
          <TableDate iso={row.original.createdAt} />
          {row.original.sentCount > 1 ? (
            <span className="text-xs text-muted-foreground">
              Sent {row.original.sentCount} times, last <TableDate iso={row.original.lastSentAt} />
            </span>
          ) : null}
        </div>
      ),
    },
    {
      id: 'expires',
      header: 'Expires',
      accessorKey: 'expiresAt',
      cell: ({ row }) => {
        const inv = row.original;
        if (inv.status === 'accepted' || inv.status === 'revoked') {
          return (
            <div className="flex flex-col">
              <span className="text-xs text-muted-foreground">{inv.status === 'accepted' ? 'Accepted' : 'Revoked'}</span>
              <TableDate iso={inv.status === 'accepted' ? inv.acceptedAt : inv.revokedAt} />
            </div>
          );
        }
        return (
          <span className={cn(inv.status === 'expired' && 'text-muted-foreground')}>
            <TableDate iso={inv.expiresAt} />
          </span>
        );
      },
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions' },
      cell: ({ row }) => {
        const inv = row.original;
        if (inv.status !== 'pending' && inv.status !== 'expired') return null;
        return (
          <div className="flex gap-1.5 md:justify-end">
            <Button
              size="sm"
              onClick={() => onResend(inv)}
              pending={resendingId === inv.id}
              disabled={resendingId !== null}
              aria-label={`Resend the invitation to ${inv.email}`}
            >
              Resend
            </Button>
            {inv.status === 'pending' ? (
              <Button
                size="sm"
                variant="ghost"
                className="text-danger hover:text-danger"
                onClick={() => onRevoke(inv)}
                aria-label={`Revoke the invitation to ${inv.email}`}
              >
                Revoke
              </Button>
            ) : null}
          </div>
        );
      },
    },
  ];
}

/**
 * One row per invitation (a card on a phone): address, roles and teams, status, who invited and when, when it
 * expires, Resend and Revoke. The Email, Invited and Expires headers order the list on the server.
 */
export function InvitationsTable({
  rows,
  stale,
  sort,
  query,
  pages,
  toolbar,
  empty,
  resendingId,
  onResend,
  onRevoke,
}: InvitationsTableProps) {
  const columns = React.useMemo(() => invitationColumns(resendingId, onResend, onRevoke), [resendingId, onResend, onRevoke]);
  return (
    <DataTable
      label="Invitations"
      columns={columns}
      data={rows}
      getRowId={(inv) => inv.id}
      sort={sort}
      sortMode="server"
      query={query}
      pages={pages}
      toolbar={toolbar}
      empty={empty}
      rowTestId="invitation-row"
      rowProps={(inv) => ({ 'data-status': inv.status })}
      className={cn(stale && 'opacity-60 transition-opacity')}
    />
  );
}
