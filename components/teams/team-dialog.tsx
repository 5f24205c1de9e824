'use client';

import * as React from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { permissionTitle } from '@/lib/access/permission-catalog';
import { mayGive } from '@/lib/access/policy';
import { createTeamSchema } from '@/lib/tenancy/team-schemas';
import { fieldErrors } from '@/lib/validation';
import { api, fetchAll, fieldErrorMap, type Role, type Team } from '@/components/roles/api';

type Member = { id: string; user: { id: string; name: string; email: string } };

export function TeamDialog({
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
            {!can.has('roles.read') ? (
              <p className="text-sm text-muted-foreground">You need the permission “{permissionTitle('roles.read')}” to pick roles.</p>
            ) : null}
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
            {!can.has('members.read') ? (
              <p className="text-sm text-muted-foreground">You need the permission “{permissionTitle('members.read')}” to pick members.</p>
            ) : null}
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
