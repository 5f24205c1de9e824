'use client';

import * as React from 'react';
import Link from 'next/link';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, Search, Waypoints } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { TableDate } from '@/components/ui/table-date';
import { useListParams, useSearchBox, useTableSort } from '@/components/ui/use-list-params';
import { api, type System } from '@/components/roles/api';
import { readSystemListFilters, systemListQuery, systemSortOptions, systemsKey, systemsListKey } from './api';
import { RegisterSystemDialog } from './register-system-dialog';

/** A system as the list answers it (with its creation time and whether it is switched on). */
type SystemRow = System & { createdAt: string; active: boolean };
type Page = { data: SystemRow[]; nextCursor: string | null };

function systemColumns(
  tenant: string,
  manage: boolean,
  onDelete: (s: System) => void,
  onSwitch: (s: SystemRow) => void,
): DataTableColumn<SystemRow>[] {
  const columns: DataTableColumn<SystemRow>[] = [
    {
      id: 'name',
      header: 'System',
      accessorKey: 'name',
      meta: { primary: true },
      cell: ({ row }) => (
        <>
          <Link
            href={`/t/${tenant}/systems/${encodeURIComponent(row.original.slug)}`}
            className="font-medium text-link underline-offset-2 hover:underline"
          >
            {row.original.name}
          </Link>
          {row.original.description ? <div className="text-xs font-normal text-muted-foreground">{row.original.description}</div> : null}
        </>
      ),
    },
    { id: 'slug', header: 'Slug', accessorKey: 'slug', cell: ({ row }) => <Badge tone="accent">{row.original.slug}</Badge> },
    {
      id: 'permissions',
      header: 'Permission keys',
      meta: { cellClassName: 'font-mono text-xs md:max-w-md' },
      cell: ({ row }) =>
        row.original.permissions.length === 0 ? (
          '—'
        ) : (
          <span className="flex flex-wrap gap-1">
            {row.original.permissions.map((key) => (
              <code key={key} className="break-all">
                {key}
              </code>
            ))}
          </span>
        ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) =>
        row.original.active ? (
          <Badge tone="success" dot>
            Active
          </Badge>
        ) : (
          <Badge tone="neutral" dot>
            Inactive
          </Badge>
        ),
    },
    { id: 'roles', header: 'Roles', accessorKey: 'roleCount' },
    {
      id: 'created',
      header: 'Created',
      accessorKey: 'createdAt',
      sortDescFirst: true,
      cell: ({ row }) => <TableDate iso={row.original.createdAt} dateOnly />,
    },
  ];
  if (manage) {
    columns.push({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right' },
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-2 md:justify-end">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => onSwitch(row.original)}
            aria-label={`${row.original.active ? 'Switch off' : 'Switch on'} system ${row.original.slug}`}
          >
            {row.original.active ? 'Switch off' : 'Switch on'}
          </Button>
          <Button size="sm" variant="secondary" onClick={() => onDelete(row.original)} aria-label={`Delete system ${row.original.slug}`}>
            Delete
          </Button>
        </span>
      ),
    });
  }
  return columns;
}

/**
 * Downstream systems: register one with its permission keys, list them (search and order kept in the URL,
 * `?q=`, `?sort=&dir=`; cursor pages, "Load more"), switch one off or on (after a confirmation saying what that does),
 * delete one.
 */
export function SystemsPanel({ tenant, permissions }: { tenant: string; permissions: string[] }) {
  const manage = permissions.includes('systems.manage');
  const queryClient = useQueryClient();
  const filters = useListParams();
  const [search, setSearch] = useSearchBox(filters);
  const sort = useTableSort(systemSortOptions);
  const listFilters = readSystemListFilters(filters.params);
  const { q } = listFilters;
  const list = useInfiniteQuery({
    queryKey: systemsListKey(tenant, listFilters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(systemListQuery(listFilters));
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/tenants/${tenant}/systems?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data), [list.data]);
  const [creating, setCreating] = React.useState(false);
  const [deleting, setDeleting] = React.useState<System | null>(null);
  const [switching, setSwitching] = React.useState<SystemRow | null>(null);
  const columns = React.useMemo(() => systemColumns(tenant, manage, setDeleting, setSwitching), [tenant, manage]);

  const switchActive = useMutation({
    mutationFn: (s: SystemRow) =>
      api<SystemRow>(`/api/v1/tenants/${tenant}/systems/${s.slug}`, { method: 'PATCH', json: { active: !s.active } }),
    onSuccess: (updated) => {
      setSwitching(null);
      toast({ title: `System ${updated.slug} switched ${updated.active ? 'on' : 'off'}`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: systemsKey(tenant) });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not change the system', description: error.message }),
  });

  const remove = useMutation({
    mutationFn: (s: System) => api<void>(`/api/v1/tenants/${tenant}/systems/${s.slug}`, { method: 'DELETE' }),
    onSuccess: (_d, s) => {
      setDeleting(null);
      toast({ title: `System ${s.slug} deleted`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: systemsKey(tenant) });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not delete the system', description: error.message }),
  });

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Systems"
        description="Downstream services that use Custos for their own permissions. Each registers keys as slug:resource.action; roles can be scoped to a system, and API calls name one with the X-System-Slug header."
        actions={
          manage ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" /> Register system
            </Button>
          ) : null
        }
      />
      <DataTable
        label="Systems"
        columns={columns}
        data={rows}
        getRowId={(s) => s.id}
        sort={sort}
        sortMode="server"
        query={list}
        pages={list}
        skeletonRows={3}
        rowTestId="system-row"
        toolbar={
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="grid gap-1.5 sm:w-72">
              <Label htmlFor="systems-search">Search</Label>
              <div className="relative">
                <Search
                  aria-hidden="true"
                  className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
                />
                <Input
                  id="systems-search"
                  type="search"
                  placeholder="Slug or name"
                  className="pl-8"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                />
              </div>
            </div>
            {q ? (
              <Button variant="ghost" size="sm" className="self-start sm:mb-0.5 sm:self-auto" onClick={() => filters.set('q', '')}>
                Clear filters
              </Button>
            ) : null}
          </div>
        }
        empty={
          q ? (
            <EmptyState
              icon={<Waypoints />}
              title="No system matches"
              action={<Button onClick={() => filters.set('q', '')}>Clear filters</Button>}
            >
              Try another part of the slug or name.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<Waypoints />}
              title="No systems registered"
              action={manage ? <Button onClick={() => setCreating(true)}>Register system</Button> : null}
            >
              Register a downstream service with its permission keys, then create roles for it on the Roles page.
            </EmptyState>
          )
        }
      />

      {manage ? (
        <RegisterSystemDialog
          open={creating}
          onOpenChange={setCreating}
          tenant={tenant}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: systemsKey(tenant) })}
        />
      ) : null}

      <Dialog open={switching !== null} onOpenChange={(open) => (open || switchActive.isPending ? undefined : setSwitching(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>
              {switching?.active ? 'Switch off' : 'Switch on'} the system {switching?.slug}?
            </DialogTitle>
            <DialogDescription>
              {switching?.active
                ? 'Its OpenID clients are refused, so nobody can sign in to it or get a token for it, and every one of its permission keys evaluates to deny, whatever roles and grants say. Roles, grants and clients are kept; switch it on again to restore them. The change is recorded in the audit trail.'
                : 'Its OpenID clients are accepted again and its permission keys evaluate as its roles and grants say. The change is recorded in the audit trail.'}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={switchActive.isPending}>Cancel</Button>
            </DialogClose>
            <Button
              variant={switching?.active ? 'destructive' : 'primary'}
              pending={switchActive.isPending}
              onClick={() => switching && switchActive.mutate(switching)}
            >
              {switching?.active ? 'Switch off' : 'Switch on'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

      <Dialog open={deleting !== null} onOpenChange={(open) => (open || remove.isPending ? undefined : setDeleting(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Delete the system {deleting?.slug}?</DialogTitle>
            <DialogDescription>
              {deleting && deleting.roleCount > 0
                ? `It still has ${deleting.roleCount} role(s). Delete those roles first; the server refuses otherwise.`
                : 'Its permission keys stop existing. The deletion is recorded in the audit trail.'}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button
              variant="destructive"
              pending={remove.isPending}
              disabled={!!deleting && deleting.roleCount > 0}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              Delete system
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
