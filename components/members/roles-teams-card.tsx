'use client';

import * as React from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { mayGive, type Verdict } from '@/lib/access/policy';
import { api, type Member, type RoleOption, type TeamOption } from './api';
import { fieldMessages, useInvalidateMember } from './member-edit-support';

/** The member's direct roles and teams: read-only, or checkboxes limited to what the viewer may give. */
export function RolesTeamsCard({ tenant, member, editable, can }: { tenant: string; member: Member; editable: boolean; can: Set<string> }) {
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
  // A refetched member resets the choices (adjusted while rendering, not in an effect).
  const [shownMember, setShownMember] = React.useState(member);
  if (shownMember !== member) {
    setShownMember(member);
    setRoleIds(member.roles.map((r) => r.id));
    setTeamIds(member.teams.map((t) => t.id));
  }

  const save = useMutation({
    mutationFn: () => {
      const body: { roles?: string[]; teamIds?: string[] } = {};
      if (can.has('roles.read')) body.roles = roleIds;
      if (can.has('teams.read')) body.teamIds = teamIds;
      return api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}`, { method: 'PATCH', json: body });
    },
    onSuccess: (updated) => {
      toast({
        title: 'Roles and teams saved',
        description: `${updated.user.name}'s access changes from their next request.`,
        tone: 'success',
      });
      invalidate();
    },
  });

  const dirty =
    [...roleIds].sort().join() !==
      member.roles
        .map((r) => r.id)
        .sort()
        .join() ||
    [...teamIds].sort().join() !==
      member.teams
        .map((t) => t.id)
        .sort()
        .join();
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
          Direct roles and team memberships. A member gets the roles of their teams. You can only assign what you may grant: what you hold
          yourself (those who may manage roles may also appoint QA people).
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
                          <span className={cn('flex flex-wrap items-center gap-1.5', blocked ? 'text-muted-foreground' : 'font-medium')}>
                            {role.name}
                            {role.system ? <Badge tone="accent">{role.system.slug}</Badge> : null}
                          </span>
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
                  <p className="text-xs text-muted-foreground">
                    No teams yet. Create one on the Teams page to give several people the same roles.
                  </p>
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

function RefList({
  label,
  refs,
  empty,
  tone = 'neutral',
}: {
  label: string;
  refs: Array<{ id: string; name: string }>;
  empty: string;
  tone?: 'neutral' | 'info';
}) {
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {label ? <span className="w-14 text-muted-foreground">{label}</span> : null}
      {refs.length ? (
        refs.map((r) => (
          <Badge key={r.id} tone={tone}>
            {r.name}
          </Badge>
        ))
      ) : (
        <span className="text-xs text-muted-foreground">{empty}</span>
      )}
    </div>
  );
}
