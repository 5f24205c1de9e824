'use client';

import * as React from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, RotateCw, Search, UsersRound } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { SortableHead } from '@/components/ui/sortable-head';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { oneOf, useListParams, useSearchBox } from '@/components/ui/use-list-params';
import { cn } from '@/components/ui/cn';
import { mayGive } from '@/lib/access/policy';
import { createTeamSchema, TEAM_SORTS, type TeamSort } from '@/lib/tenancy/team-schemas';
import { fieldErrors } from '@/lib/validation';
import { api, fetchAll, fieldErrorMap, type Role, type Team } from '@/components/roles/api';
import { LoadMore } from '@/components/ui/list-parts';

type Page = { data: Team[]; nextCursor: string | null };
type Member = { id: string; user: { id: string; name: string; email: string } };

const ORDERS: Record<TeamSort, string> = { name: 'Name A–Z', created: 'Newest first' };

/**
 * Teams with their members and roles: search and order kept in the URL (`?q=`, `?sort=`), cursor pages
 * ("Load more"); create, edit (name, roles, members) and delete.
 */
export function TeamsPanel({ tenant, permissions }: { tenant: string; permissions: string[] }) {
  const can = new Set(permissions);
  const manage = can.has('teams.manage');
  const queryClient = useQueryClient();
  const filters = useListParams();
  const [search, setSearch] = useSearchBox(filters);
  const q = filters.params.get('q') ?? '';
  const sort = oneOf(filters.params.get('sort'), TEAM_SORTS);
  const setSort = (value: TeamSort) => filters.set('sort', value === 'name' ? '' : value);
  const list = useInfiniteQuery({
    queryKey: ['tenant', tenant, 'teams', 'list', { q, sort }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: '50' });
      if (q) qs.set('q', q);
      if (sort !== 'name') qs.set('sort', sort);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/tenants/${tenant}/teams?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const [editing, setEditing] = React.useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<Team | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['tenant', tenant, 'teams'] });

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
    <div className="grid gap-6">
      <PageHeader
        title="Teams"
        description="A team holds members and roles: every member of a team gets the permissions of its roles."
        actions={
          manage ? (
            <Button onClick={() => setEditing('new')}>
              <Plus aria-hidden="true" /> New team
            </Button>
          ) : null
        }
      />
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
        <div className="grid gap-1.5 sm:w-40">
          <Label htmlFor="teams-sort">Order</Label>
          <select id="teams-sort" className={cn(controlClasses, 'h-8')} value={sort} onChange={(e) => setSort(e.target.value as TeamSort)}>
            {TEAM_SORTS.map((value) => (
              <option key={value} value={value}>
                {ORDERS[value]}
              </option>
            ))}
          </select>
        </div>
        {q ? (
          <Button variant="ghost" size="sm" className="sm:mb-0.5" onClick={filters.clear}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <div aria-busy="true" aria-label="Loading teams" className="grid gap-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : list.isError ? (
        <Alert tone="danger" role="alert" title="The teams could not be loaded.">
          <span>{list.error.message} </span>
          <Button variant="link" size="sm" onClick={() => void list.refetch()} pending={list.isFetching}>
            <RotateCw aria-hidden="true" /> Try again
          </Button>
        </Alert>
      ) : rows.length === 0 && q ? (
        <EmptyState icon={<UsersRound />} title="No team matches" action={<Button onClick={filters.clear}>Clear filters</Button>}>
          Try another part of the name.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<UsersRound />}
          title="No teams yet"
          action={manage ? <Button onClick={() => setEditing('new')}>New team</Button> : null}
        >
          Create a team, give it roles, and add members: they get the team&apos;s permissions.
        </EmptyState>
      ) : (
        <Card>
          <CardContent className="px-0 pb-0">
            <Table aria-label="Teams">
              <TableHeader>
                <TableRow>
                  <SortableHead label="Team" active={sort === 'name'} direction="ascending" onSort={() => setSort('name')} />
                  <TableHead>Roles</TableHead>
                  <TableHead>Members</TableHead>
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((t) => (
                  <TableRow key={t.id} data-testid="team-row">
                    <TableCell>
                      <div className="font-medium">{t.name}</div>
                      {t.description ? <div className="text-xs text-muted-foreground">{t.description}</div> : null}
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {t.roles.length === 0 ? (
                          <span className="text-muted-foreground">—</span>
                        ) : (
                          t.roles.map((r) => (
                            <Badge key={r.id} tone="accent">
                              {r.name}
                            </Badge>
                          ))
                        )}
                      </div>
                    </TableCell>
                    <TableCell className="max-w-sm text-sm">
                      {t.members.length === 0 ? (
                        <span className="text-muted-foreground">No members</span>
                      ) : (
                        t.members.map((m) => m.user.name || m.user.email).join(', ')
                      )}
                    </TableCell>
                    <TableCell className="text-right whitespace-nowrap">
                      {manage ? (
                        <>
                          <Button size="sm" variant="secondary" onClick={() => setEditing(t)} aria-label={`Edit team ${t.name}`}>
                            Edit
                          </Button>{' '}
                          <Button size="sm" variant="ghost" onClick={() => setDeleting(t)} aria-label={`Delete team ${t.name}`}>
                            Delete
                          </Button>
                        </>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore pages={list} size="sm" className="border-t border-border p-2" />
          </CardContent>
        </Card>
      )}

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

function TeamDialog({
  team,
  tenant,
  can,
  onClose,
  onSaved,
}: {
  team: Team | null;
  tenant: string;
  can: ReadonlySet<string>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = React.useState(team?.name ?? '');
  const [description, setDescription] = React.useState(team?.description ?? '');
  const [roleIds, setRoleIds] = React.useState<Set<string>>(new Set(team?.roles.map((r) => r.id) ?? []));
  const [memberIds, setMemberIds] = React.useState<Set<string>>(new Set(team?.members.map((m) => m.membershipId) ?? []));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const roles = useQuery({
    queryKey: ['tenant', tenant, 'roles'],
    queryFn: () => fetchAll<Role>(`/api/v1/tenants/${tenant}/roles`),
    enabled: can.has('roles.read'),
  });
  const members = useQuery({
    queryKey: ['tenant', tenant, 'members', 'all'],
    queryFn: () => fetchAll<Member>(`/api/v1/tenants/${tenant}/members`),
    enabled: can.has('members.read'),
  });

  const save = useMutation({
    mutationFn: async (body: { name: string; description?: string | null; roleIds: string[] }) => {
      const saved = team
        ? await api<Team>(`/api/v1/tenants/${tenant}/teams/${team.id}`, {
            method: 'PATCH',
            json: { ...body, description: body.description ?? null },
          })
        : await api<Team>(`/api/v1/tenants/${tenant}/teams`, { method: 'POST', json: body });
      const before = new Set(team?.members.map((m) => m.membershipId) ?? []);
      const changed = before.size !== memberIds.size || [...memberIds].some((m) => !before.has(m));
      if (changed && can.has('members.read')) {
        await api(`/api/v1/tenants/${tenant}/teams/${saved.id}/members`, { method: 'PUT', json: { membershipIds: [...memberIds] } });
      }
      return saved;
    },
    onSuccess: (t) => {
      toast({
        title: team ? `Team ${t.name} saved` : `Team ${t.name} created`,
        description: 'Its members get its roles on their next request.',
        tone: 'success',
      });
      onSaved();
      onClose();
    },
    onError: (error) => {
      const map = fieldErrorMap(error);
      setErrors(map);
      onSaved();
      if (Object.keys(map).length === 0) toast({ tone: 'error', title: 'Could not save the team', description: error.message });
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = { name, ...(description.trim() ? { description } : {}), roleIds: [...roleIds] };
    const parsed = createTeamSchema.safeParse(body);
    if (!parsed.success) {
      const map: Record<string, string> = {};
      for (const e of fieldErrors(parsed.error)) map[e.path.split('.')[0]] ??= e.message;
      setErrors(map);
      return;
    }
    setErrors({});
    save.mutate({ name: parsed.data.name, description: parsed.data.description, roleIds: parsed.data.roleIds ?? [] });
  }

  const toggle = (set: React.Dispatch<React.SetStateAction<Set<string>>>, id: string, on: boolean) =>
    set((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <Dialog open onOpenChange={(o) => (!o && !save.isPending ? onClose() : undefined)}>
      <DialogContent className="max-h-[90vh] max-w-xl overflow-y-auto">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{team ? `Edit ${team.name}` : 'New team'}</DialogTitle>
            <DialogDescription>
              You can only give a team roles whose permissions you hold, and only move people whose every permission you could grant them.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={60} />
          </FormField>
          <FormField label="Description" optional error={errors.description}>
            <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={500} />
          </FormField>
          <fieldset className="grid gap-1">
            <legend className="mb-1 text-sm font-medium">Roles</legend>
            {roles.isPending && can.has('roles.read') ? <Skeleton className="h-16 w-full" /> : null}
            {!can.has('roles.read') ? <p className="text-sm text-muted-foreground">You need roles.read to pick roles.</p> : null}
            <div className="grid gap-1 sm:grid-cols-2">
              {(roles.data ?? []).map((r) => {
                const verdict = mayGive(can, r.permissions);
                return (
                  <label key={r.id} className="flex items-center gap-2 text-sm" title={verdict.reason ?? undefined}>
                    <input
                      type="checkbox"
                      className="size-4 accent-primary"
                      checked={roleIds.has(r.id)}
                      disabled={!verdict.allowed && !roleIds.has(r.id)}
                      onChange={(e) => toggle(setRoleIds, r.id, e.target.checked)}
                    />
                    {r.name}
                    {r.system ? <Badge tone="accent">{r.system.slug}</Badge> : null}
                  </label>
                );
              })}
            </div>
            {errors.roleIds ? <p className="text-xs text-danger">{errors.roleIds}</p> : null}
          </fieldset>
          <fieldset className="grid gap-1">
            <legend className="mb-1 text-sm font-medium">Members</legend>
            {!can.has('members.read') ? <p className="text-sm text-muted-foreground">You need members.read to pick members.</p> : null}
            {members.isPending && can.has('members.read') ? <Skeleton className="h-16 w-full" /> : null}
            {members.isError ? <p className="text-sm text-danger">The members could not be loaded: {members.error.message}</p> : null}
            <div className="grid max-h-56 gap-1 overflow-y-auto sm:grid-cols-2">
              {(members.data ?? []).map((m) => (
                <label key={m.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    checked={memberIds.has(m.id)}
                    onChange={(e) => toggle(setMemberIds, m.id, e.target.checked)}
                  />
                  <span className="truncate">{m.user.name || m.user.email}</span>
                </label>
              ))}
            </div>
            {errors.membershipIds ? <p className="text-xs text-danger">{errors.membershipIds}</p> : null}
          </fieldset>
          <DialogFooter>
            <Button type="button" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" pending={save.isPending}>
              {team ? 'Save team' : 'Create team'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
