'use client';

import * as React from 'react';
import { Users } from 'lucide-react';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { DropdownMenuItem } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { TableDate } from '@/components/ui/table-date';
import { useListParams } from '@/components/ui/use-list-params';
import type { AdminUser } from '@/lib/platform-admin/user-schemas';
import { ListSearchForm, RowActionsMenu, useAdminList } from './admin-list';
import { adminUserListQuery, adminUsersListKey, readAdminUserListFilters } from './users-api';
import { UserLifecycleDialog } from './users-lifecycle-dialog';

const STATUS_FILTERS = [
  { value: '', label: 'Everyone' },
  { value: 'active', label: 'Active' },
  { value: 'deactivated', label: 'Deactivated' },
] as const;

function userColumns(currentUserId: string, onPending: (user: AdminUser) => void): DataTableColumn<AdminUser>[] {
  return [
    {
      id: 'name',
      header: 'Person',
      meta: { primary: true },
      cell: ({ row }) => (
        <div className="flex min-w-0 flex-col">
          <span className="font-medium">
            {row.original.name}
            {row.original.isPlatformAdmin ? (
              <Badge tone="info" className="ml-2 align-middle">
                Platform admin
              </Badge>
            ) : null}
          </span>
          <span className="truncate text-xs text-muted-foreground">{row.original.email}</span>
        </div>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) => (
        <StatusBadge
          status={row.original.status}
          label={row.original.status === 'active' ? 'Active' : 'Deactivated'}
          tone={row.original.status === 'active' ? 'success' : 'danger'}
          title={row.original.deactivatedReason ?? undefined}
        />
      ),
    },
    {
      id: 'tenants',
      header: 'Tenants',
      meta: { cellClassName: 'tabular-nums md:text-right', headClassName: 'md:text-right' },
      cell: ({ row }) => row.original.tenantCount,
    },
    {
      id: 'lastSignIn',
      header: 'Last sign-in',
      cell: ({ row }) =>
        row.original.lastSignInAt ? <TableDate iso={row.original.lastSignInAt} /> : <span className="text-muted-foreground">Never</span>,
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right' },
      cell: ({ row }) => {
        const user = row.original;
        if (user.id === currentUserId) return <span className="text-xs text-muted-foreground">You</span>;
        return (
          <RowActionsMenu name={user.name}>
            <DropdownMenuItem className={user.status === 'active' ? 'text-danger' : undefined} onSelect={() => onPending(user)}>
              {user.status === 'active' ? 'Deactivate…' : 'Reactivate…'}
            </DropdownMenuItem>
          </RowActionsMenu>
        );
      },
    },
  ];
}

/**
 * Every account on the platform: search and status in the URL (`?q=`, `?status=`), status, tenants, last sign-in;
 * deactivate or reactivate after a confirmation. A–Z by email. Rows become cards on phones.
 */
export function UsersTable({ currentUserId }: { currentUserId: string }) {
  const list = useListParams();
  const filters = readAdminUserListFilters(list.params);
  const { q, status } = filters;
  const [pending, setPending] = React.useState<AdminUser | null>(null);

  const { pages: users, rows } = useAdminList<AdminUser>(adminUsersListKey(filters), '/api/v1/admin/users', adminUserListQuery(filters));

  const columns = React.useMemo(() => userColumns(currentUserId, setPending), [currentUserId, setPending]);
  const filtered = Boolean(q || status);
  return (
    <div className="flex flex-col gap-4">
      <DataTable
        label="People"
        columns={columns}
        data={rows}
        getRowId={(u) => u.id}
        query={users}
        pages={users}
        skeletonRows={5}
        rowTestId="user-row"
        rowProps={(u) => ({ 'data-status': u.status })}
        toolbar={
          <div className="flex flex-wrap items-center gap-3">
            <ListSearchForm
              id="user-search"
              label="Search people"
              placeholder="Name or email"
              q={q}
              onSearch={(text) => list.set('q', text)}
            />
            <div role="group" aria-label="Status" className="flex flex-wrap gap-1">
              {STATUS_FILTERS.map((f) => (
                <Button
                  key={f.value || 'all'}
                  size="sm"
                  variant={status === f.value ? 'primary' : 'ghost'}
                  aria-pressed={status === f.value}
                  onClick={() => list.set('status', f.value)}
                >
                  {f.label}
                </Button>
              ))}
            </div>
          </div>
        }
        empty={
          <EmptyState
            icon={<Users />}
            title={filtered ? 'Nobody matches' : 'No accounts yet'}
            action={filtered ? <Button onClick={() => list.setMany({ q: '', status: '' })}>Show everyone</Button> : undefined}
          >
            {filtered ? 'Try part of the name or the email, or another status.' : 'People appear here when they sign up or are invited.'}
          </EmptyState>
        }
      />
      <UserLifecycleDialog pending={pending} onClose={() => setPending(null)} />
    </div>
  );
}
