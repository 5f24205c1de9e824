'use client';

import * as React from 'react';
import Link from 'next/link';
import { Building2, Plus } from 'lucide-react';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { DropdownMenuItem, DropdownMenuSeparator } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { useListParams, useTableSort } from '@/components/ui/use-list-params';
import type { AdminTenant } from '@/lib/platform-admin/schemas';
import { seatsFull } from '@/lib/invitations/policy';
import { TableDate } from '@/components/ui/table-date';
import { ListSearchForm, RowActionsMenu, useAdminList } from './admin-list';
import { adminTenantListQuery, adminTenantSortOptions, adminTenantsListKey, readAdminTenantListFilters } from './api';
import { CreateTenantDialog } from './create-tenant-dialog';
import { TenantDomainsDialog } from './tenant-domains-dialog';
import { ChangePlanDialog, StatusDialog } from './tenant-plan-status-dialogs';
import { planTone } from './tenant-plans';
import { WipeOutDialog } from './wipe-out-tenant-dialog';

type Pending = { kind: 'plan' | 'status' | 'domains' | 'wipe'; tenant: AdminTenant } | null;

function tenantColumns(onPending: (pending: Pending) => void): DataTableColumn<AdminTenant>[] {
  return [
    { id: 'name', header: 'Tenant', accessorKey: 'name', meta: { primary: true, cellClassName: 'font-medium' } },
    {
      id: 'slug',
      header: 'Address',
      accessorKey: 'slug',
      cell: ({ row }) => (
        <Link href={`/t/${row.original.slug}`} className="font-mono text-xs underline-offset-4 hover:underline">
          /t/{row.original.slug}
        </Link>
      ),
    },
    { id: 'plan', header: 'Plan', cell: ({ row }) => <Badge tone={planTone(row.original.plan.id)}>{row.original.plan.name}</Badge> },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <StatusBadge status={row.original.status} tone={row.original.status === 'active' ? 'success' : 'danger'} />,
    },
    {
      id: 'seats',
      header: 'Seats',
      meta: { cellClassName: 'tabular-nums md:text-right', headClassName: 'md:text-right' },
      cell: ({ row }) => (
        <span className={seatsFull(row.original.seats) ? 'text-warning' : undefined}>
          {row.original.seats.used} / {row.original.seats.limit ?? '∞'}
        </span>
      ),
    },
    {
      id: 'created',
      header: 'Created',
      accessorKey: 'createdAt',
      sortDescFirst: true,
      cell: ({ row }) => <TableDate iso={row.original.createdAt} />,
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right' },
      cell: ({ row }) => {
        const t = row.original;
        return (
          <RowActionsMenu name={t.name}>
            <DropdownMenuItem onSelect={() => onPending({ kind: 'plan', tenant: t })}>Change plan…</DropdownMenuItem>
            <DropdownMenuItem onSelect={() => onPending({ kind: 'status', tenant: t })}>
              {t.status === 'active' ? 'Suspend…' : 'Reactivate…'}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => onPending({ kind: 'domains', tenant: t })}>Domains…</DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem className="text-danger" onSelect={() => onPending({ kind: 'wipe', tenant: t })}>
              Wipe out…
            </DropdownMenuItem>
          </RowActionsMenu>
        );
      },
    },
  ];
}

/**
 * All tenants: search and order in the URL (`?q=`, `?sort=name|slug|created&dir=`, done by the server), plan and
 * status badges, seats; create, change plan, suspend, wipe out. Rows become cards on phones.
 */
export function TenantsTable() {
  const list = useListParams();
  const sort = useTableSort(adminTenantSortOptions);
  const filters = readAdminTenantListFilters(list.params);
  const { q } = filters;
  const [creating, setCreating] = React.useState(false);
  const [pending, setPending] = React.useState<Pending>(null);

  const { pages: tenants, rows } = useAdminList<AdminTenant>(
    adminTenantsListKey(filters),
    '/api/v1/admin/tenants',
    adminTenantListQuery(filters),
  );

  const columns = React.useMemo(() => tenantColumns(setPending), [setPending]);
  return (
    <div className="flex flex-col gap-4">
      <DataTable
        label="Tenants"
        columns={columns}
        data={rows}
        getRowId={(t) => t.id}
        sort={sort}
        sortMode="server"
        query={tenants}
        pages={tenants}
        skeletonRows={4}
        rowTestId="tenant-row"
        toolbar={
          <div className="flex flex-wrap items-center justify-between gap-3">
            <ListSearchForm
              id="tenant-search"
              label="Search tenants"
              placeholder="Slug or name"
              q={q}
              onSearch={(text) => list.set('q', text)}
            />
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              Create tenant
            </Button>
          </div>
        }
        empty={
          <EmptyState
            icon={<Building2 />}
            title={q ? `No tenant matches “${q}”` : 'No tenants yet'}
            action={
              q ? (
                <Button onClick={() => list.set('q', '')}>Clear the search</Button>
              ) : (
                <Button onClick={() => setCreating(true)}>Create a tenant</Button>
              )
            }
          >
            {q ? 'Try part of the slug or the name.' : 'Create the first tenant and name its admin; they invite the rest.'}
          </EmptyState>
        }
      />

      <CreateTenantDialog open={creating} onOpenChange={setCreating} />
      <ChangePlanDialog pending={pending?.kind === 'plan' ? pending.tenant : null} onClose={() => setPending(null)} />
      <StatusDialog pending={pending?.kind === 'status' ? pending.tenant : null} onClose={() => setPending(null)} />
      <TenantDomainsDialog pending={pending?.kind === 'domains' ? pending.tenant : null} onClose={() => setPending(null)} />
      <WipeOutDialog pending={pending?.kind === 'wipe' ? pending.tenant : null} onClose={() => setPending(null)} />
    </div>
  );
}
