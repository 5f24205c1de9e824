'use client';

import * as React from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Search, Users } from 'lucide-react';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/components/ui/cn';
import { api, membersKey, type Member, type RoleOption } from './api';
import { LocalTime } from './local-time';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';

const PAGE = 50;

/**
 * The members list: search, role filter and order kept in the URL (`?q=`, `?role=`, `?sort=`), roles and teams as
 * badges, last sign-in, cursor pagination ("Load more"); a row opens the member.
 */
export function MembersTable({ tenant, canReadRoles, canInvite }: { tenant: string; canReadRoles: boolean; canInvite: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? '';
  const sort = params.get('sort') === 'name' ? 'name' : 'joined';
  const [search, setSearch] = React.useState(q);
  // A new search in the URL (back, forward, clearing) shows in the box; adjusted while rendering.
  const [shownQuery, setShownQuery] = React.useState(q);
  if (shownQuery !== q) {
    setShownQuery(q);
    setSearch(q);
  }

  const setParam = React.useCallback(
    (name: string, value: string) => {
      const next = new URLSearchParams(params.toString());
      if (value) next.set(name, value);
      else next.delete(name);
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  // Type to search: the URL follows after a short pause.
  React.useEffect(() => {
    if (search === q) return;
    const timer = setTimeout(() => setParam('q', search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search, q, setParam]);

  const roles = useQuery({
    queryKey: ['tenants', tenant, 'roles', 'options'],
    queryFn: () => api<{ data: RoleOption[] }>(`/api/v1/tenants/${tenant}/roles?limit=200`),
    enabled: canReadRoles,
  });

  const members = useInfiniteQuery({
    queryKey: [...membersKey(tenant), { q, role, sort }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: String(PAGE) });
      if (q) qs.set('q', q);
      if (role) qs.set('role', role);
      if (sort !== 'joined') qs.set('sort', sort);
      if (pageParam) qs.set('cursor', pageParam);
      return api<{ data: Member[]; nextCursor: string | null }>(`/api/v1/tenants/${tenant}/members?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });

  const rows = members.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(q || role);

  return (
    <div className="grid gap-3">
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
            <select id="members-role" className={cn(controlClasses, 'h-8')} value={role} onChange={(e) => setParam('role', e.target.value)}>
              <option value="">All roles</option>
              {(roles.data?.data ?? []).map((r) => (
                <option key={r.id} value={r.name}>
                  {r.name}
                </option>
              ))}
              {role && !roles.data?.data.some((r) => r.name === role) ? <option value={role}>{role}</option> : null}
            </select>
          </div>
        ) : null}
        <div className="grid gap-1.5 sm:w-40">
          <Label htmlFor="members-sort">Order</Label>
          <select
            id="members-sort"
            className={cn(controlClasses, 'h-8')}
            value={sort}
            onChange={(e) => setParam('sort', e.target.value === 'joined' ? '' : e.target.value)}
          >
            <option value="joined">Joined first</option>
            <option value="name">Name A–Z</option>
          </select>
        </div>
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            className="sm:mb-0.5"
            onClick={() => {
              setSearch('');
              router.replace(pathname, { scroll: false });
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>

      <Card className="overflow-hidden p-0">
        {members.isPending ? (
          <MembersSkeleton />
        ) : members.isError ? (
          <div className="p-4">
            <LoadFailed title="The members could not be loaded." query={members} />
          </div>
        ) : rows.length === 0 ? (
          <div className="p-4">
            <EmptyState
              icon={<Users />}
              title={filtered ? 'No member matches' : 'No members yet'}
              headingLevel="h2"
              action={
                filtered ? (
                  <Button size="sm" onClick={() => router.replace(pathname)}>
                    Clear filters
                  </Button>
                ) : canInvite ? (
                  <Button asChild size="sm" variant="primary">
                    <Link href={`/t/${tenant}/invitations`}>Invite people</Link>
                  </Button>
                ) : null
              }
            >
              {filtered ? 'Try another name, email or role.' : 'Invite people to this tenant; they appear here once they accept.'}
            </EmptyState>
          </div>
        ) : (
          <Table aria-label="Members">
            <TableHeader>
              <TableRow>
                <TableHead>Member</TableHead>
                <TableHead>Roles</TableHead>
                <TableHead>Teams</TableHead>
                <TableHead>Last sign-in</TableHead>
                <TableHead>Joined</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((m) => (
                <TableRow
                  key={m.id}
                  data-testid="member-row"
                  className="cursor-pointer"
                  onClick={() => router.push(`/t/${tenant}/members/${m.id}`)}
                >
                  <TableCell>
                    <div className="flex min-w-0 items-center gap-2.5">
                      <Avatar name={m.user.name} src={m.user.image} size="sm" />
                      <div className="flex min-w-0 flex-col">
                        <Link
                          href={`/t/${tenant}/members/${m.id}`}
                          className="truncate font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                          onClick={(e) => e.stopPropagation()}
                        >
                          {m.user.name}
                        </Link>
                        <span className="truncate text-xs text-muted-foreground">{m.user.email}</span>
                      </div>
                    </div>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {m.roles.length ? (
                        m.roles.map((r) => (
                          <Badge key={r.id} tone={r.name === 'admin' ? 'accent' : 'neutral'}>
                            {r.name}
                          </Badge>
                        ))
                      ) : (
                        <span className="text-xs text-muted-foreground">No direct role</span>
                      )}
                    </div>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {m.teams.length ? (
                        m.teams.map((t) => (
                          <Badge key={t.id} tone="info">
                            {t.name}
                          </Badge>
                        ))
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </div>
                  </TableCell>
                  <TableCell>
                    <LocalTime iso={m.lastSignInAt} fallback="Never" />
                  </TableCell>
                  <TableCell>
                    <LocalTime iso={m.joinedAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <LoadMore pages={members} size="sm" />
    </div>
  );
}

function MembersSkeleton() {
  return (
    <ListSkeleton
      label="Loading members"
      cells={['size-6 rounded-full', 'h-4 w-48', 'h-4 w-20', 'hidden h-4 w-24 sm:block', 'ml-auto h-4 w-28']}
    />
  );
}
