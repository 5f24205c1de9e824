'use client';

import * as React from 'react';
import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Building2, MoreHorizontal, Plus, Search } from 'lucide-react';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { useListParams, useTableSort } from '@/components/ui/use-list-params';
import type { AdminTenant } from '@/lib/platform-admin/schemas';
import { seatsFull } from '@/lib/invitations/policy';
import { TableDate } from '@/components/ui/table-date';
import { adminTenantListQuery, adminTenantSortOptions, adminTenantsListKey, api, readAdminTenantListFilters } from './api';
import { CreateTenantDialog } from './create-tenant-dialog';
import { ChangePlanDialog, StatusDialog } from './tenant-plan-status-dialogs';
import { planTone } from './tenant-plans';
import { WipeOutDialog } from './wipe-out-tenant-dialog';

type Page = { data: AdminTenant[]; nextCursor: string | null };

type Pending = { kind: 'plan' | 'status' | 'wipe'; tenant: AdminTenant } | null;

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
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button size="sm" variant="ghost" aria-label={`Actions for ${t.name}`}>
                <MoreHorizontal aria-hidden="true" />
                <span className="md:sr-only">Actions</span>
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem onSelect={() => onPending({ kind: 'plan', tenant: t })}>Change plan…</DropdownMenuItem>
              <DropdownMenuItem onSelect={() => onPending({ kind: 'status', tenant: t })}>
                {t.status === 'active' ? 'Suspend…' : 'Reactivate…'}
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem className="text-danger" onSelect={() => onPending({ kind: 'wipe', tenant: t })}>
                Wipe out…
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
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
  const [search, setSearch] = React.useState(q);
  // A new search in the URL (back, forward, "Clear the search") shows in the box; adjusted while rendering.
  const [shownQuery, setShownQuery] = React.useState(q);
  if (shownQuery !== q) {
    setShownQuery(q);
    setSearch(q);
  }
  const [creating, setCreating] = React.useState(false);
  const [pending, setPending] = React.useState<Pending>(null);

  const tenants = useInfiniteQuery({
    queryKey: adminTenantsListKey(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(adminTenantListQuery(filters));
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/admin/tenants${qs.size ? `?${qs}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });

  const applySearch = (event: React.FormEvent) => {
    event.preventDefault();
    list.set('q', search.trim());
  };

  const rows = React.useMemo(() => tenants.data?.pages.flatMap((p) => p.data), [tenants.data]);
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
            <form role="search" onSubmit={applySearch} className="flex min-w-0 items-center gap-2">
              <label htmlFor="tenant-search" className="sr-only">
                Search tenants
              </label>
              <div className="relative min-w-0">
                <Search
                  aria-hidden="true"
                  className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
                />
                <Input
                  id="tenant-search"
                  type="search"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  placeholder="Slug or name"
                  className="w-64 max-w-full pl-8"
                />
              </div>
              <Button type="submit">Search</Button>
            </form>
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
      <WipeOutDialog pending={pending?.kind === 'wipe' ? pending.tenant : null} onClose={() => setPending(null)} />
    </div>
  );
}
