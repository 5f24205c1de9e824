'use client';

import * as React from 'react';
import Link from 'next/link';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, Search, UsersRound } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { useListParams, useSearchBox, useTableSort } from '@/components/ui/use-list-params';
import { TableDate } from '@/components/ui/table-date';
import { api, type Team } from '@/components/roles/api';
import { readTeamListFilters, teamListQuery, teamSortOptions, teamsKey, teamsListKey } from './api';
import { TeamDialog } from './team-dialog';

/** A team as the list answers it (with its creation time). */
type TeamRow = Team & { createdAt: string };
type Page = { data: TeamRow[]; nextCursor: string | null };

function teamColumns(tenant: string, manage: boolean, onEdit: (t: Team) => void, onDelete: (t: Team) => void): DataTableColumn<TeamRow>[] {
  const columns: DataTableColumn<TeamRow>[] = [
    {
      id: 'name',
      header: 'Team',
      accessorKey: 'name',
      meta: { primary: true },
      cell: ({ row }) => (
        <>
          <Link href={`/t/${tenant}/teams/${row.original.id}`} className="font-medium text-link hover:underline">
            {row.original.name}
          </Link>
          {row.original.description ? <div className="text-xs font-normal text-muted-foreground">{row.original.description}</div> : null}
        </>
      ),
    },
    {
      id: 'roles',
      header: 'Roles',
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.roles.length === 0 ? (
            <span className="text-muted-foreground">—</span>
          ) : (
            row.original.roles.map((r) => (
              <Badge key={r.id} tone="accent">
                {r.name}
              </Badge>
            ))
          )}
        </div>
      ),
    },
    {
      id: 'members',
      header: 'Members',
      meta: { cellClassName: 'md:max-w-sm' },
      cell: ({ row }) =>
        row.original.members.length === 0 ? (
          <span className="text-muted-foreground">No members</span>
        ) : (
          row.original.members.map((m) => m.user.name || m.user.email).join(', ')
        ),
    },
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
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right md:whitespace-nowrap' },
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-2 md:justify-end">
          <Button size="sm" variant="secondary" onClick={() => onEdit(row.original)} aria-label={`Edit team ${row.original.name}`}>
            Edit
          </Button>
          <Button size="sm" variant="ghost" onClick={() => onDelete(row.original)} aria-label={`Delete team ${row.original.name}`}>
            Delete
          </Button>
        </div>
      ),
    });
  }
  return columns;
}

/**
 * Teams with their members and roles: search and order kept in the URL (`?q=`, `?sort=&dir=`), cursor pages
 * ("Load more"); create, edit (name, roles, members) and delete.
 */
export function TeamsPanel({ tenant, permissions }: { tenant: string; permissions: string[] }) {
  const can = new Set(permissions);
  const manage = can.has('teams.manage');
  const queryClient = useQueryClient();
  const filters = useListParams();
  const [search, setSearch] = useSearchBox(filters);
  const sort = useTableSort(teamSortOptions);
  const listFilters = readTeamListFilters(filters.params);
  const { q } = listFilters;
  const list = useInfiniteQuery({
    queryKey: teamsListKey(tenant, listFilters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(teamListQuery(listFilters));
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/tenants/${tenant}/teams?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data), [list.data]);
  const [editing, setEditing] = React.useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<Team | null>(null);
  const columns = React.useMemo(() => teamColumns(tenant, manage, setEditing, setDeleting), [tenant, manage]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: teamsKey(tenant) });

  const remove = useMutation({
    mutationFn: (t: Team) => api<void>(`/api/v1/tenants/${tenant}/teams/${t.id}`, { method: 'DELETE' }),
    onSuccess: (_d, t) => {
      setDeleting(null);
      toast({ title: `Team ${t.name} deleted`, description: 'Its members lost its roles.', tone: 'success' });
      refresh();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not delete the team', description: error.message }),
  });

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Teams"
        description="A team holds members and roles: every member of a team gets the permissions of its roles."
        actions={
          manage ? (
            <Button variant="primary" onClick={() => setEditing('new')}>
              <Plus aria-hidden="true" /> New team
            </Button>
          ) : null
        }
      />
      <DataTable
        label="Teams"
        columns={columns}
        data={rows}
        getRowId={(t) => t.id}
        sort={sort}
        sortMode="server"
        query={list}
        pages={list}
        skeletonRows={3}
        rowTestId="team-row"
        toolbar={
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="grid gap-1.5 sm:w-72">
              <Label htmlFor="teams-search">Search</Label>
              <div className="relative">
                <Search
                  aria-hidden="true"
                  className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
                />
                <Input
                  id="teams-search"
                  type="search"
                  placeholder="Team name"
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
              icon={<UsersRound />}
              title="No team matches"
              action={<Button onClick={() => filters.set('q', '')}>Clear filters</Button>}
            >
              Try another part of the name.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<UsersRound />}
              title="No teams yet"
              action={manage ? <Button onClick={() => setEditing('new')}>New team</Button> : null}
            >
              Create a team, give it roles, and add members: they get the team&apos;s permissions.
            </EmptyState>
          )
        }
      />

      {manage && editing ? (
        <TeamDialog
          key={editing === 'new' ? 'new' : editing.id}
          team={editing === 'new' ? null : editing}
          tenant={tenant}
          can={can}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      ) : null}

      <Dialog open={deleting !== null} onOpenChange={(open) => (open || remove.isPending ? undefined : setDeleting(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Delete the team {deleting?.name}?</DialogTitle>
            <DialogDescription>
              Its {deleting?.memberCount ?? 0} member(s) lose the team&apos;s roles on their next request. The deletion is recorded in the
              audit trail.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
              Delete team
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
