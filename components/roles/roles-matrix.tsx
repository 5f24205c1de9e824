'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus, RotateCw, Trash2 } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { PERMISSIONS } from '@/lib/access/permissions';
import { api, fetchAll, groupByResource, type Role, type System } from './api';
import { CreateRoleDialog } from './create-role-dialog';
import { RecordHistoryButton } from '@/components/audit/record-history-dialog';
import { mayGive, mayRemoveFromRole } from '@/lib/access/policy';

const sameSet = (a: Set<string>, b: readonly string[]) => a.size === b.length && b.every((p) => a.has(p));

/**
 * The roles page: a permission matrix (permissions grouped by resource as rows, roles as columns).
 * Holders of roles.manage tick boxes and save; default roles are marked; custom roles can be created and
 * deleted. Boxes the editor may not change are disabled with the reason: permissions they do not hold
 * (no escalation) and permissions of the admin role (it keeps them all).
 */
export function RolesMatrix({ tenant, permissions }: { tenant: string; permissions: string[] }) {
  const can = React.useMemo(() => new Set(permissions), [permissions]);
  const manage = can.has('roles.manage');
  const queryClient = useQueryClient();
  const key = ['tenant', tenant, 'roles'] as const;
  // The matrix needs every role: all pages are loaded, counting as they arrive.
  const [rolesLoaded, setRolesLoaded] = React.useState(0);
  const roles = useQuery({ queryKey: key, queryFn: () => fetchAll<Role>(`/api/v1/tenants/${tenant}/roles`, setRolesLoaded) });
  const systems = useQuery({
    queryKey: ['tenant', tenant, 'systems'],
    queryFn: () => fetchAll<System>(`/api/v1/tenants/${tenant}/systems`),
    enabled: can.has('systems.read'),
  });
  const [draft, setDraft] = React.useState<Record<string, Set<string>>>({});
  const [creating, setCreating] = React.useState(false);
  const [deleting, setDeleting] = React.useState<Role | null>(null);

  const catalogRoles = (roles.data ?? []).filter((r) => !r.system);
  const systemRoles = (roles.data ?? []).filter((r) => r.system);
  const changed = catalogRoles.filter((r) => draft[r.id] && !sameSet(draft[r.id], r.permissions));

  const save = useMutation({
    mutationFn: async () => {
      for (const role of changed) {
        await api(`/api/v1/tenants/${tenant}/roles/${role.id}`, { method: 'PATCH', json: { permissions: [...draft[role.id]].sort() } });
      }
      return changed.length;
    },
    onSuccess: (n) => {
      toast({
        title: `Saved ${n} role${n === 1 ? '' : 's'}`,
        description: 'Members get the new permissions on their next request.',
        tone: 'success',
      });
      setDraft({});
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => {
      toast({ tone: 'error', title: 'Could not save the roles', description: error.message });
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const remove = useMutation({
    mutationFn: (role: Role) => api<void>(`/api/v1/tenants/${tenant}/roles/${role.id}`, { method: 'DELETE' }),
    onSuccess: (_d, role) => {
      setDeleting(null);
      toast({ title: `Role ${role.name} deleted`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not delete the role', description: error.message }),
  });

  function toggle(role: Role, permission: string, on: boolean) {
    setDraft((d) => {
      const next = new Set(d[role.id] ?? role.permissions);
      if (on) next.add(permission);
      else next.delete(permission);
      return { ...d, [role.id]: next };
    });
  }

  function disabledReason(role: Role, permission: string, checked: boolean): string | null {
    if (!manage) return 'You need roles.manage to edit roles.';
    // The rules of lib/access/policy.ts, as the server applies them to PATCH …/roles/{id}.
    if (checked && role.permissions.includes(permission)) return mayRemoveFromRole(role, [permission]).reason;
    if (!checked && !role.permissions.includes(permission)) return mayGive(can, [permission]).reason;
    return null;
  }

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Roles"
        description="What each role may do. Members get the permissions of their roles and of their teams' roles; an explicit deny on a member beats every grant."
        actions={
          manage ? (
            <>
              {changed.length > 0 ? (
                <Button variant="secondary" onClick={() => setDraft({})} disabled={save.isPending}>
                  Discard changes
                </Button>
              ) : null}
              <Button variant="secondary" onClick={() => setCreating(true)}>
                <Plus aria-hidden="true" /> New role
              </Button>
              <Button onClick={() => save.mutate()} disabled={changed.length === 0} pending={save.isPending}>
                Save {changed.length > 0 ? `${changed.length} role${changed.length === 1 ? '' : 's'}` : 'changes'}
              </Button>
            </>
          ) : null
        }
      />

      {roles.isPending ? (
        <MatrixSkeleton loaded={rolesLoaded} />
      ) : roles.isError ? (
        <Alert tone="danger" role="alert" title="The roles could not be loaded.">
          <span>{roles.error.message} </span>
          <Button variant="link" size="sm" onClick={() => void roles.refetch()} pending={roles.isFetching}>
            <RotateCw aria-hidden="true" /> Try again
          </Button>
        </Alert>
      ) : catalogRoles.length === 0 ? (
        <EmptyState
          icon={<KeyRound />}
          title="No roles yet"
          action={manage ? <Button onClick={() => setCreating(true)}>New role</Button> : null}
        >
          Create a role, tick what it may do, then assign it to members or teams.
        </EmptyState>
      ) : (
        <Card>
          <CardContent className="px-0 pb-0">
            <Table aria-label="Permission matrix" containerClassName="max-h-[70vh]">
              <TableHeader className="sticky top-0 z-10 bg-card">
                <TableRow>
                  <TableHead className="min-w-52">Permission</TableHead>
                  {catalogRoles.map((role) => (
                    <TableHead key={role.id} className="text-center align-bottom" data-testid={`role-column-${role.name}`}>
                      <div className="flex flex-col items-center gap-1 py-1">
                        <span className="font-medium text-foreground">{role.name}</span>
                        {role.isDefault ? <Badge tone="info">Default</Badge> : <Badge>Custom</Badge>}
                        <span className="text-xs font-normal text-muted-foreground">
                          {role.memberCount} member{role.memberCount === 1 ? '' : 's'}
                        </span>
                        <div className="flex items-center gap-0.5">
                          {can.has('audit.read') ? (
                            <RecordHistoryButton tenant={tenant} targetType="role" targetId={role.id} name={role.name} iconOnly />
                          ) : null}
                          {manage && !role.isDefault ? (
                            <Button size="sm" variant="ghost" aria-label={`Delete role ${role.name}`} onClick={() => setDeleting(role)}>
                              <Trash2 aria-hidden="true" />
                            </Button>
                          ) : null}
                        </div>
                      </div>
                    </TableHead>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {groupByResource(PERMISSIONS).map(([resource, keys]) => (
                  <React.Fragment key={resource}>
                    <TableRow className="bg-muted/40">
                      <TableCell
                        colSpan={catalogRoles.length + 1}
                        className="py-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase"
                      >
                        {resource.replace('_', ' ')}
                      </TableCell>
                    </TableRow>
                    {keys.map((permission) => (
                      <TableRow key={permission}>
                        <TableCell className="font-mono text-xs">{permission}</TableCell>
                        {catalogRoles.map((role) => {
                          const checked = (draft[role.id] ?? new Set(role.permissions)).has(permission);
                          const reason = disabledReason(role, permission, checked);
                          const dirty = checked !== role.permissions.includes(permission);
                          return (
                            <TableCell key={role.id} className={dirty ? 'bg-warning/10 text-center' : 'text-center'}>
                              <input
                                type="checkbox"
                                className="size-4 accent-primary disabled:opacity-50"
                                checked={checked}
                                disabled={reason !== null || save.isPending}
                                title={reason ?? undefined}
                                aria-label={`${role.name}: ${permission}`}
                                onChange={(e) => toggle(role, permission, e.target.checked)}
                              />
                            </TableCell>
                          );
                        })}
                      </TableRow>
                    ))}
                  </React.Fragment>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}

      {systemRoles.length > 0 ? (
        <Card>
          <CardHeader className="flex-col gap-1">
            <CardTitle>Roles of downstream systems</CardTitle>
            <CardDescription>These grant only their system&apos;s keys (`slug:resource.action`).</CardDescription>
          </CardHeader>
          <CardContent className="px-0 pb-0">
            <Table aria-label="System roles" containerClassName="border-t border-border">
              <TableHeader>
                <TableRow>
                  <TableHead>Role</TableHead>
                  <TableHead>System</TableHead>
                  <TableHead>Permissions</TableHead>
                  <TableHead>Members</TableHead>
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {systemRoles.map((role) => (
                  <TableRow key={role.id}>
                    <TableCell className="font-medium">{role.name}</TableCell>
                    <TableCell>
                      <Badge tone="accent">{role.system!.slug}</Badge>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{role.permissions.join(', ') || '—'}</TableCell>
                    <TableCell>{role.memberCount}</TableCell>
                    <TableCell className="text-right">
                      {can.has('audit.read') ? (
                        <RecordHistoryButton tenant={tenant} targetType="role" targetId={role.id} name={role.name} />
                      ) : null}
                      {manage ? (
                        <Button size="sm" variant="secondary" onClick={() => setDeleting(role)}>
                          Delete
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      ) : null}

      {manage ? (
        <CreateRoleDialog
          open={creating}
          onOpenChange={setCreating}
          tenant={tenant}
          held={can}
          systems={systems.data ?? []}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: key })}
        />
      ) : null}

      <Dialog open={deleting !== null} onOpenChange={(open) => (open || remove.isPending ? undefined : setDeleting(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Delete the role {deleting?.name}?</DialogTitle>
            <DialogDescription>
              {deleting && (deleting.memberCount > 0 || deleting.teamCount > 0)
                ? `It is assigned to ${deleting.memberCount} member(s) and ${deleting.teamCount} team(s). Unassign it first; the server refuses to delete a role in use.`
                : 'Nobody holds it. This cannot be undone; the deletion is recorded in the audit trail.'}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button
              variant="destructive"
              pending={remove.isPending}
              disabled={!!deleting && (deleting.memberCount > 0 || deleting.teamCount > 0)}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              Delete role
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

/** While the roles load: the matrix's shape, and how many roles have arrived once there is more than one page. */
function MatrixSkeleton({ loaded }: { loaded: number }) {
  return (
    <div aria-busy="true" aria-label="Loading roles" className="grid gap-3">
      {loaded > 0 ? (
        <p role="status" className="text-[13px] text-muted-foreground">
          Loading roles… {loaded} so far
        </p>
      ) : null}
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <div key={i} className="flex items-center gap-6">
          <Skeleton className="h-4 w-44" />
          {[0, 1, 2, 3, 4].map((j) => (
            <Skeleton key={j} className="size-4" />
          ))}
        </div>
      ))}
      <span className="sr-only">Loading roles…</span>
    </div>
  );
}
