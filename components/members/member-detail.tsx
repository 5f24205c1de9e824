'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { RotateCw, ShieldCheck, UserMinus } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { LoadFailed } from '@/components/ui/list-parts';
import { PERMISSIONS } from '@/lib/access/permissions';
import { mayGive, mayManageMember, overrideEffects, type Verdict } from '@/lib/access/policy';
import { api, ApiError, memberKey, membersKey, type AccessSource, type Member, type MemberPermissions, type RoleOption, type TeamOption } from './api';
import { LocalTime } from './local-time';
import { RecordHistory } from '@/components/audit/record-history';

export type Viewer = {
  userId: string;
  permissions: string[];
};

/** The member page: who they are, their roles and teams, overrides and effective permissions with sources. */
export function MemberDetail({ tenant, id, viewer }: { tenant: string; id: string; viewer: Viewer }) {
  const can = React.useMemo(() => new Set(viewer.permissions), [viewer.permissions]);
  const member = useQuery({ queryKey: memberKey(tenant, id), queryFn: () => api<Member>(`/api/v1/tenants/${tenant}/members/${id}`) });
  const perms = useQuery({
    queryKey: [...memberKey(tenant, id), 'permissions'],
    queryFn: () => api<MemberPermissions>(`/api/v1/tenants/${tenant}/members/${id}/permissions`),
  });

  if (member.isPending) return <DetailSkeleton />;
  if (member.isError) {
    return (
      <LoadFailed title={member.error instanceof ApiError && member.error.status === 404 ? 'No such member' : 'The member could not be loaded.'} query={member} />
    );
  }
  const m = member.data;
  const self = m.user.id === viewer.userId;
  // Manage only within your power (lib/access/policy.ts): decided once the member's effective permissions are in.
  const held = perms.data ? new Set(perms.data.permissions.filter((p) => p.allowed).map((p) => p.permission)) : null;
  const power: Verdict | null = held ? mayManageMember({ id: viewer.userId, permissions: can }, { id: m.user.id, permissions: held }) : null;
  const manageable = power?.allowed === true;
  return (
    <div className="grid gap-4">
      <MemberHeader tenant={tenant} member={m} canRemove={can.has('members.remove') && manageable} />
      {self ? (
        <Alert tone="info" title="This is you">
          Nobody changes their own roles, teams or overrides. Ask another member who holds members.update.
        </Alert>
      ) : power && !power.allowed && (can.has('members.update') || can.has('members.remove')) ? (
        <Alert tone="info" title="You cannot change this member" data-testid="beyond-power">
          They hold {power.missing.length === 1 ? 'a permission' : 'permissions'} you may not grant: {power.missing.join(', ')}. Only
          someone who may grant everything they hold can change their roles, teams or overrides, or remove them.
        </Alert>
      ) : null}
      <RolesTeamsCard tenant={tenant} member={m} editable={can.has('members.update') && manageable} can={can} />
      <OverridesCard tenant={tenant} member={m} perms={perms} editable={can.has('members.update') && manageable} can={can} />
      <EffectiveCard perms={perms} />
      {can.has('audit.read') ? (
        <Card className="overflow-hidden" aria-labelledby="member-history-title" role="region">
          <CardHeader className="flex-col gap-1 pb-3">
            <CardTitle id="member-history-title">History</CardTitle>
            <CardDescription>Changes of this membership from the audit trail: roles, teams, overrides, removal.</CardDescription>
          </CardHeader>
          <div className="border-t border-border">
            <RecordHistory tenant={tenant} targetType="member" targetId={m.id} version={member.dataUpdatedAt} />
          </div>
        </Card>
      ) : null}
    </div>
  );
}

function MemberHeader({ tenant, member, canRemove }: { tenant: string; member: Member; canRemove: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const remove = useMutation({
    mutationFn: () => api<void>(`/api/v1/tenants/${tenant}/members/${member.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast({ title: 'Member removed', description: `${member.user.name} no longer reaches this tenant.`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: membersKey(tenant) });
      router.push(`/t/${tenant}/members`);
    },
    onError: (error) => {
      setOpen(false);
      toast({ tone: 'error', title: 'Could not remove the member', description: error.message });
    },
  });
  return (
    <Card>
      <CardContent className="flex flex-col gap-4 py-4 sm:flex-row sm:items-center">
        <Avatar name={member.user.name} src={member.user.image} size="lg" />
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate text-base font-semibold">{member.user.name}</span>
            <Badge tone="success" dot>
              Active
            </Badge>
          </div>
          <span className="truncate text-[13px] text-muted-foreground">{member.user.email}</span>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-muted-foreground">
            <div className="flex gap-1.5">
              <dt>Last sign-in</dt>
              <dd className="text-foreground">
                <LocalTime iso={member.lastSignInAt} fallback="Never" />
              </dd>
            </div>
            <div className="flex gap-1.5">
              <dt>Joined</dt>
              <dd className="text-foreground">
                <LocalTime iso={member.joinedAt} />
              </dd>
            </div>
          </dl>
        </div>
        {canRemove ? (
          <Button variant="destructive" size="sm" onClick={() => setOpen(true)}>
            <UserMinus aria-hidden="true" />
            Remove member
          </Button>
        ) : null}
      </CardContent>
      <Dialog open={open} onOpenChange={(next) => (remove.isPending ? undefined : setOpen(next))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Remove {member.user.name}?</DialogTitle>
            <DialogDescription>
              They lose every role, team and override here and cannot reach this tenant from their next request on. Their
              records and audit trail stay.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={remove.isPending} onClick={() => remove.mutate()}>
              Remove member
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

function useInvalidateMember(tenant: string, id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: memberKey(tenant, id) });
    void queryClient.invalidateQueries({ queryKey: membersKey(tenant), exact: false });
  };
}

function fieldMessages(error: unknown, labels: (path: string) => string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.map((e) => `${labels(e.path)}: ${e.message}`);
}

function RolesTeamsCard({ tenant, member, editable, can }: { tenant: string; member: Member; editable: boolean; can: Set<string> }) {
  const invalidate = useInvalidateMember(tenant, member.id);
  const roles = useQuery({
    queryKey: ['tenants', tenant, 'roles', 'options'],
    queryFn: () => api<{ data: RoleOption[] }>(`/api/v1/tenants/${tenant}/roles?limit=200`),
    enabled: editable && can.has('roles.read'),
  });
  const teams = useQuery({
    queryKey: ['tenants', tenant, 'teams', 'options'],
    queryFn: () => api<{ data: TeamOption[] }>(`/api/v1/tenants/${tenant}/teams?limit=200`),
    enabled: editable && can.has('teams.read'),
  });
  const [roleIds, setRoleIds] = React.useState(() => member.roles.map((r) => r.id));
  const [teamIds, setTeamIds] = React.useState(() => member.teams.map((t) => t.id));
  React.useEffect(() => {
    setRoleIds(member.roles.map((r) => r.id));
    setTeamIds(member.teams.map((t) => t.id));
  }, [member]);

  const save = useMutation({
    mutationFn: () => {
      const body: { roles?: string[]; teamIds?: string[] } = {};
      if (can.has('roles.read')) body.roles = roleIds;
      if (can.has('teams.read')) body.teamIds = teamIds;
      return api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}`, { method: 'PATCH', json: body });
    },
    onSuccess: (updated) => {
      toast({ title: 'Roles and teams saved', description: `${updated.user.name}'s access changes from their next request.`, tone: 'success' });
      invalidate();
    },
  });

  const dirty =
    [...roleIds].sort().join() !== member.roles.map((r) => r.id).sort().join() ||
    [...teamIds].sort().join() !== member.teams.map((t) => t.id).sort().join();
  const toggle = (list: string[], set: (v: string[]) => void, value: string) =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  // Giving a role or team to someone else: the no-escalation rule of lib/access/policy.ts (admins may appoint QA people).
  const give = (permissions: string[]) => mayGive(can, permissions, { appointingOther: true });
  const rolePermissions = new Map((roles.data?.data ?? []).map((r) => [r.id, r.permissions]));
  const teamVerdict = (team: TeamOption): Verdict | null =>
    team.roles.every((r) => rolePermissions.has(r.id)) ? give(team.roles.flatMap((r) => rolePermissions.get(r.id) ?? [])) : null;

  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Roles and teams</CardTitle>
        <CardDescription>
          Direct roles and team memberships. A member gets the roles of their teams. You can only assign what you may grant:
          what you hold yourself (holders of roles.manage may also appoint QA people).
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!editable ? (
          <div className="grid gap-3 text-[13px]">
            <RefList label="Roles" refs={member.roles} empty="No direct role" />
            <RefList label="Teams" refs={member.teams} empty="In no team" tone="info" />
          </div>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <div className="grid gap-4 md:grid-cols-2">
              <fieldset className="grid gap-2">
                <legend className="mb-1 text-[13px] font-medium">Roles</legend>
                {!can.has('roles.read') ? (
                  <RefList label="" refs={member.roles} empty="No direct role" />
                ) : roles.isPending ? (
                  <Skeleton className="h-24 w-full" />
                ) : roles.isError ? (
                  <Button variant="link" size="sm" onClick={() => void roles.refetch()}>
                    Roles could not be loaded. Try again
                  </Button>
                ) : (
                  roles.data.data.map((role) => {
                    const checked = roleIds.includes(role.id);
                    const assigned = member.roles.some((r) => r.id === role.id);
                    const verdict = give(role.permissions);
                    const blocked = !assigned && !verdict.allowed;
                    return (
                      <label key={role.id} className="flex items-start gap-2 text-[13px]" data-disabled={blocked || undefined}>
                        <input
                          type="checkbox"
                          className="mt-0.5 size-4 accent-primary"
                          checked={checked}
                          disabled={blocked || save.isPending}
                          onChange={() => toggle(roleIds, setRoleIds, role.id)}
                        />
                        <span className="grid">
                          <span className={blocked ? 'text-muted-foreground' : 'font-medium'}>{role.name}</span>
                          <span className="text-xs text-muted-foreground">
                            {blocked ? verdict.reason : (role.description ?? `${role.permissions.length} permissions`)}
                          </span>
                        </span>
                      </label>
                    );
                  })
                )}
              </fieldset>
              <fieldset className="grid content-start gap-2">
                <legend className="mb-1 text-[13px] font-medium">Teams</legend>
                {!can.has('teams.read') ? (
                  <RefList label="" refs={member.teams} empty="In no team" tone="info" />
                ) : teams.isPending ? (
                  <Skeleton className="h-16 w-full" />
                ) : teams.isError ? (
                  <Button variant="link" size="sm" onClick={() => void teams.refetch()}>
                    Teams could not be loaded. Try again
                  </Button>
                ) : teams.data.data.length === 0 ? (
                  <p className="text-xs text-muted-foreground">No teams yet. Create one on the Teams page to give several people the same roles.</p>
                ) : (
                  teams.data.data.map((team) => {
                    const verdict = teamVerdict(team);
                    const blocked = !member.teams.some((t) => t.id === team.id) && verdict?.allowed === false;
                    return (
                      <label key={team.id} className="flex items-start gap-2 text-[13px]" data-disabled={blocked || undefined}>
                        <input
                          type="checkbox"
                          className="mt-0.5 size-4 accent-primary"
                          checked={teamIds.includes(team.id)}
                          disabled={blocked || save.isPending}
                          onChange={() => toggle(teamIds, setTeamIds, team.id)}
                        />
                        <span className="grid">
                          <span className={blocked ? 'text-muted-foreground' : 'font-medium'}>{team.name}</span>
                          <span className="text-xs text-muted-foreground">
                            {blocked && verdict && !verdict.allowed
                              ? verdict.reason
                              : team.roles.length
                                ? `Roles: ${team.roles.map((r) => r.name).join(', ')}`
                                : 'No roles'}
                          </span>
                        </span>
                      </label>
                    );
                  })
                )}
              </fieldset>
            </div>
            {save.isError ? (
              <Alert tone="danger" role="alert" title="Not saved">
                <p>{save.error.message}</p>
                {fieldMessages(save.error, (p) => (p.startsWith('roles') ? 'Roles' : p.startsWith('teamIds') ? 'Teams' : p)).map((msg) => (
                  <p key={msg}>{msg}</p>
                ))}
              </Alert>
            ) : null}
            <div className="flex gap-2">
              <Button type="submit" variant="primary" size="sm" pending={save.isPending} disabled={!dirty}>
                Save roles and teams
              </Button>
              {dirty ? (
                <Button
                  type="button"
                  size="sm"
                  variant="ghost"
                  disabled={save.isPending}
                  onClick={() => {
                    setRoleIds(member.roles.map((r) => r.id));
                    setTeamIds(member.teams.map((t) => t.id));
                    save.reset();
                  }}
                >
                  Discard
                </Button>
              ) : null}
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

function RefList({ label, refs, empty, tone = 'neutral' }: { label: string; refs: Array<{ id: string; name: string }>; empty: string; tone?: 'neutral' | 'info' }) {
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {label ? <span className="w-14 text-muted-foreground">{label}</span> : null}
      {refs.length ? refs.map((r) => <Badge key={r.id} tone={tone}>{r.name}</Badge>) : <span className="text-xs text-muted-foreground">{empty}</span>}
    </div>
  );
}

type Effect = 'inherit' | 'grant' | 'deny';

const resourceOf = (key: string) => {
  const [scope, rest] = key.includes(':') ? key.split(':') : ['', key];
  return `${scope ? `${scope}: ` : ''}${rest.split('.')[0]}`;
};

function groupByResource(keys: string[]): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const resource = resourceOf(key);
    groups.set(resource, [...(groups.get(resource) ?? []), key]);
  }
  return [...groups.entries()];
}

function OverridesCard({
  tenant,
  member,
  perms,
  editable,
  can,
}: {
  tenant: string;
  member: Member;
  perms: UseQueryResult<MemberPermissions, Error>;
  editable: boolean;
  can: Set<string>;
}) {
  const invalidate = useInvalidateMember(tenant, member.id);
  const systems = useQuery({
    queryKey: ['tenants', tenant, 'systems', 'options'],
    queryFn: () => api<{ data: Array<{ slug: string; permissions: string[] }> }>(`/api/v1/tenants/${tenant}/systems?limit=200`),
    enabled: editable && can.has('systems.read'),
  });
  const stored = perms.data?.overrides;
  const [effects, setEffects] = React.useState<Record<string, Effect>>({});
  React.useEffect(() => {
    if (!stored) return;
    const next: Record<string, Effect> = {};
    for (const k of stored.grant) next[k] = 'grant';
    for (const k of stored.deny) next[k] = 'deny';
    setEffects(next);
  }, [stored]);

  const save = useMutation({
    mutationFn: () =>
      api<{ grant: string[]; deny: string[] }>(`/api/v1/tenants/${tenant}/members/${member.id}/overrides`, {
        method: 'PUT',
        json: {
          grant: Object.keys(effects).filter((k) => effects[k] === 'grant'),
          deny: Object.keys(effects).filter((k) => effects[k] === 'deny'),
        },
      }),
    onSuccess: () => {
      toast({ title: 'Overrides saved', description: 'They apply from the member’s next request.', tone: 'success' });
      invalidate();
    },
  });

  if (!stored) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Overrides</CardTitle>
        </CardHeader>
        <CardContent>{perms.isError ? <p className="text-[13px] text-danger">{perms.error.message}</p> : <Skeleton className="h-24 w-full" />}</CardContent>
      </Card>
    );
  }

  const systemKeys = (systems.data?.data ?? []).flatMap((s) => s.permissions.map((p) => (p.includes(':') ? p : `${s.slug}:${p}`)));
  const keys = [...new Set([...PERMISSIONS, ...systemKeys, ...stored.grant, ...stored.deny])];
  const dirty =
    Object.keys(effects).filter((k) => effects[k] === 'grant').sort().join() !== [...stored.grant].sort().join() ||
    Object.keys(effects).filter((k) => effects[k] === 'deny').sort().join() !== [...stored.deny].sort().join();

  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Overrides</CardTitle>
        <CardDescription>
          Direct grants and explicit denies for this member only. An explicit deny beats every role, team and grant.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!editable ? (
          stored.grant.length + stored.deny.length === 0 ? (
            <p className="text-[13px] text-muted-foreground">No overrides: access comes from roles and teams only.</p>
          ) : (
            <div className="flex flex-wrap gap-1.5">
              {stored.grant.map((k) => (
                <Badge key={k} tone="success">
                  grant {k}
                </Badge>
              ))}
              {stored.deny.map((k) => (
                <Badge key={k} tone="danger">
                  deny {k}
                </Badge>
              ))}
            </div>
          )
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <div className="grid gap-x-6 gap-y-4 md:grid-cols-2 xl:grid-cols-3">
              {groupByResource(keys).map(([resource, list]) => (
                <fieldset key={resource} className="grid content-start gap-1">
                  <legend className="mb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{resource}</legend>
                  {list.map((key) => {
                    const value = effects[key] ?? 'inherit';
                    const allowed = overrideEffects(can, key, stored.grant.includes(key) ? 'grant' : stored.deny.includes(key) ? 'deny' : 'inherit');
                    return (
                      <div key={key} className="flex items-center justify-between gap-2 text-[13px]" data-permission={key}>
                        <span className="truncate font-mono text-xs">{key.split(':').pop()!.split('.').slice(1).join('.')}</span>
                        <div role="radiogroup" aria-label={`Override for ${key}`} className="flex overflow-hidden rounded-md border border-border text-xs">
                          {(['inherit', 'grant', 'deny'] as const).map((effect) => {
                            const verdict = allowed[effect];
                            const disabled = save.isPending || !verdict.allowed;
                            const active = value === effect;
                            return (
                              <label
                                key={effect}
                                title={verdict.reason ?? undefined}
                                className={
                                  'cursor-pointer px-2 py-0.5 focus-within:outline-2 focus-within:outline-ring has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-40 ' +
                                  (active
                                    ? effect === 'grant'
                                      ? 'bg-success/15 text-success'
                                      : effect === 'deny'
                                        ? 'bg-danger/15 text-danger'
                                        : 'bg-muted text-foreground'
                                    : 'text-muted-foreground hover:bg-accent')
                                }
                              >
                                <input
                                  type="radio"
                                  className="sr-only"
                                  name={`override-${key}`}
                                  value={effect}
                                  checked={active}
                                  disabled={disabled}
                                  onChange={() => setEffects((prev) => ({ ...prev, [key]: effect }))}
                                />
                                {effect === 'inherit' ? 'Inherit' : effect === 'grant' ? 'Grant' : 'Deny'}
                              </label>
                            );
                          })}
                        </div>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
            </div>
            {save.isError ? (
              <Alert tone="danger" role="alert" title="Not saved">
                <p>{save.error.message}</p>
                {fieldMessages(save.error, (p) => p).map((msg) => (
                  <p key={msg}>{msg}</p>
                ))}
              </Alert>
            ) : null}
            <div className="flex gap-2">
              <Button type="submit" variant="primary" size="sm" pending={save.isPending} disabled={!dirty}>
                Save overrides
              </Button>
              {dirty ? (
                <Button
                  type="button"
                  size="sm"
                  variant="ghost"
                  disabled={save.isPending}
                  onClick={() => {
                    const next: Record<string, Effect> = {};
                    for (const k of stored.grant) next[k] = 'grant';
                    for (const k of stored.deny) next[k] = 'deny';
                    setEffects(next);
                    save.reset();
                  }}
                >
                  Discard
                </Button>
              ) : null}
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

/** "granted by role qa", "team Night shift (role operator)", "direct grant". */
export function describeSource(source: AccessSource): string {
  if (source.type === 'role') return `granted by role ${source.name}`;
  if (source.type === 'team') return `team ${source.name} (role ${source.role.name})`;
  return 'direct grant';
}

function EffectiveCard({ perms }: { perms: UseQueryResult<MemberPermissions, Error> }) {
  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Effective permissions</CardTitle>
        <CardDescription>What this member may do now, and where each permission comes from.</CardDescription>
      </CardHeader>
      <CardContent>
        {perms.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : perms.isError ? (
          <Alert tone="danger" role="alert" title="The permissions could not be loaded.">
            <span>{perms.error.message} </span>
            <Button variant="link" size="sm" className="align-baseline" onClick={() => void perms.refetch()}>
              <RotateCw aria-hidden="true" />
              Try again
            </Button>
          </Alert>
        ) : perms.data.permissions.length === 0 ? (
          <EmptyState icon={<ShieldCheck />} title="No permissions" headingLevel="h3" size="compact">
            Give this member a role, put them in a team, or grant a permission directly.
          </EmptyState>
        ) : (
          <div className="grid gap-x-6 gap-y-4 md:grid-cols-2">
            {groupByResource(perms.data.permissions.map((p) => p.permission)).map(([resource, keys]) => (
              <section key={resource} aria-label={resource} className="grid content-start gap-1.5">
                <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{resource}</h3>
                {keys.map((key) => {
                  const entry = perms.data.permissions.find((p) => p.permission === key)!;
                  const denied = entry.decidedBy === 'deny';
                  return (
                    <div key={key} className="flex flex-wrap items-center gap-2 text-[13px]" data-testid="effective-permission" data-permission={key}>
                      <span className="min-w-36 font-mono text-xs">{key}</span>
                      {entry.allowed ? (
                        <Badge tone="success" dot>
                          Allowed
                        </Badge>
                      ) : (
                        <Badge tone="danger" dot>
                          Denied
                        </Badge>
                      )}
                      <span className="text-xs text-muted-foreground">
                        {[...(denied ? ['explicitly denied'] : []), ...entry.sources.map(describeSource)].join(' · ')}
                      </span>
                    </div>
                  );
                })}
              </section>
            ))}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy="true" className="grid gap-4">
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-48 w-full" />
      <Skeleton className="h-64 w-full" />
      <span className="sr-only">Loading the member…</span>
    </div>
  );
}
