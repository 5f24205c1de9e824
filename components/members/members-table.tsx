'use client';

import * as React from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Search, Users } from 'lucide-react';
import { Avatar } from '@/components/ui/avatar';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/components/ui/cn';
import { useListParams, useSearchBox, useTableSort } from '@/components/ui/use-list-params';
import {
  api,
  roleOptionsKey,
  memberListQuery,
  memberSortOptions,
  membersListKey,
  readMemberListFilters,
  type Member,
  type RoleOption,
} from './api';
import { LocalTime } from './local-time';
import { MemberAttributeFilter } from './member-attribute-filter';
import { MembersExportMenu } from './members-export-menu';

function memberColumns(tenant: string): DataTableColumn<Member>[] {
  return [
    {
      id: 'name',
      header: 'Member',
      accessorFn: (m) => m.user.name,
      meta: { primary: true, skeleton: 'h-4 w-48' },
      cell: ({ row }) => {
        const m = row.original;
        return (
          <div className="flex min-w-0 items-center gap-2.5">
            <Avatar name={m.user.name} src={m.user.image} size="sm" />
            <div className="flex min-w-0 flex-col">
              <Link
                href={`/t/${tenant}/members/${m.id}`}
                className="truncate font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring"
              >
                {m.user.name}
              </Link>
              <span className="truncate text-xs font-normal text-muted-foreground">{m.user.email}</span>
              {m.status === 'suspended' ? <StatusBadge status="suspended" className="mt-1 w-fit" data-testid="member-suspended" /> : null}
            </div>
          </div>
        );
      },
    },
    {
      id: 'roles',
      header: 'Roles',
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.roles.length ? (
            row.original.roles.map((r) => (
              <Badge key={r.id} tone={r.name === 'admin' ? 'accent' : 'neutral'}>
                {r.name}
              </Badge>
            ))
          ) : (
            <span className="text-xs text-muted-foreground">No direct role</span>
          )}
        </div>
      ),
    },
    {
      id: 'teams',
      header: 'Teams',
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.teams.length ? (
            row.original.teams.map((t) => (
              <Badge key={t.id} tone="info">
                {t.name}
              </Badge>
            ))
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </div>
      ),
    },
    {
      id: 'lastSignIn',
      header: 'Last sign-in',
      accessorKey: 'lastSignInAt',
      cell: ({ row }) => <LocalTime iso={row.original.lastSignInAt} fallback="Never" />,
    },
    { id: 'joined', header: 'Joined', accessorKey: 'joinedAt', cell: ({ row }) => <LocalTime iso={row.original.joinedAt} /> },
  ];
}

/**
 * The members list: search and role filter kept in the URL (`?q=`, `?role=`), the order in the column headers
 * (`?sort=joined|name&dir=asc|desc`, done by the server), roles and teams as badges, last sign-in, cursor pagination ("Load more");
 * a row opens the member.
 */
export function MembersTable({
  tenant,
  canReadRoles,
  canInvite,
  canReadTenant = false,
}: {
  tenant: string;
  canReadRoles: boolean;
  canInvite: boolean;
  /** May read the tenant's settings, where its member attributes are defined (the attribute filter). */
  canReadTenant?: boolean;
}) {
  const router = useRouter();
  const list = useListParams();
  const sort = useTableSort(memberSortOptions);
  const filters = readMemberListFilters(list.params);
  const { q, role, attribute } = filters;
  const [search, setSearch] = useSearchBox(list);

  const roles = useQuery({
    queryKey: roleOptionsKey(tenant),
    queryFn: () => api<{ data: RoleOption[] }>(`/api/v1/tenants/${tenant}/roles?limit=200`),
    enabled: canReadRoles,
  });

  const members = useInfiniteQuery({
    queryKey: membersListKey(tenant, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(memberListQuery(filters));
      if (pageParam) qs.set('cursor', pageParam);
      return api<{ data: Member[]; nextCursor: string | null }>(`/api/v1/tenants/${tenant}/members?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });

  const columns = React.useMemo(() => memberColumns(tenant), [tenant]);
  const rows = React.useMemo(() => members.data?.pages.flatMap((p) => p.data), [members.data]);
  const filtered = Boolean(q || role || attribute);
  const clearFilters = () => list.setMany({ q: '', role: '', attribute: '' });

  const toolbar = (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="grid gap-1.5 sm:w-72">
        <Label htmlFor="members-search">Search</Label>
        <div className="relative">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
          />
          <Input
            id="members-search"
            type="search"
            placeholder="Name or email"
            className="pl-8"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      </div>
      {canReadRoles ? (
        <div className="grid gap-1.5 sm:w-48">
          <Label htmlFor="members-role">Role</Label>
          <select id="members-role" className={cn(controlClasses, 'h-8')} value={role} onChange={(e) => list.set('role', e.target.value)}>
            <option value="">All roles</option>
            {/* A system role is chosen by id and shown with its system: two systems may each have an "Admin", and a
                name would match both (the API takes a role id or name). */}
            {(roles.data?.data ?? []).map((r) => (
              <option key={r.id} value={r.system ? r.id : r.name}>
                {r.system ? `${r.name} · ${r.system.slug}` : r.name}
              </option>
            ))}
            {role && !roles.data?.data.some((r) => r.name === role || r.id === role) ? <option value={role}>{role}</option> : null}
          </select>
        </div>
      ) : null}
      <MemberAttributeFilter tenant={tenant} enabled={canReadTenant} list={list} />
      {filtered ? (
        <Button variant="ghost" size="sm" className="self-start sm:mb-0.5 sm:self-auto" onClick={clearFilters}>
          Clear filters
        </Button>
      ) : null}
      <div className="self-start sm:mb-0.5 sm:ml-auto sm:self-auto">
        <MembersExportMenu tenant={tenant} filters={filters} filtered={filtered} />
      </div>
    </div>
  );

  return (
    <DataTable
      label="Members"
      columns={columns}
      data={rows}
      getRowId={(m) => m.id}
      sort={sort}
      sortMode="server"
      query={members}
      pages={members}
      toolbar={toolbar}
      rowTestId="member-row"
      onRowClick={(m) => router.push(`/t/${tenant}/members/${m.id}`)}
      empty={
        <EmptyState
          icon={<Users />}
          title={filtered ? 'No member matches' : 'No members yet'}
          headingLevel="h2"
          action={
            filtered ? (
              <Button size="sm" onClick={clearFilters}>
                Clear filters
              </Button>
            ) : canInvite ? (
              <Button asChild size="sm" variant="primary">
                <Link href={`/t/${tenant}/invitations`}>Invite people</Link>
              </Button>
            ) : null
          }
        >
          {filtered ? 'Try another name, email, role or attribute.' : 'Invite people to this tenant; they appear here once they accept.'}
        </EmptyState>
      }
    />
  );
}
