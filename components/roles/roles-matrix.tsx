'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus, RotateCw } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { mayGive, mayRemoveFromRole } from '@/lib/access/policy';
import { api, fetchAll, type Role, type System } from './api';
import { CreateRoleDialog } from './create-role-dialog';
import { DeleteRoleDialog } from './delete-role-dialog';
import { PermissionMatrixTable } from './permission-matrix-table';
import { SystemRolesCard } from './system-roles-card';

const sameSet = (a: Set<string>, b: readonly string[]) => a.size === b.length && b.every((p) => a.has(p));

/**
 * The roles page: a permission matrix (every catalog permission as a row in plain words, roles as columns; see
 * permission-matrix-table.tsx).
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
    if (!manage) return 'You need the permission “Manage roles” to edit roles.';
    // The rules of lib/access/policy.ts, as the server applies them to PATCH …/roles/{id}.
    if (checked && role.permissions.includes(permission)) return mayRemoveFromRole(role, [permission]).reason;
    if (!checked && !role.permissions.includes(permission)) return mayGive(can, [permission]).reason;
    return null;
  }

  return (
    <div className="flex min-w-0 flex-col gap-6">
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
              <Button variant={changed.length > 0 ? 'secondary' : 'primary'} onClick={() => setCreating(true)}>
                <Plus aria-hidden="true" /> New role
              </Button>
              <Button
                variant={changed.length > 0 ? 'primary' : 'secondary'}
                onClick={() => save.mutate()}
                disabled={changed.length === 0}
                pending={save.isPending}
              >
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
        <Card className="gap-3 pt-4">
          <CardContent className="px-0 pb-0">
            <PermissionMatrixTable
              tenant={tenant}
              roles={catalogRoles}
              checkedOf={(role, permission) => (draft[role.id] ?? new Set(role.permissions)).has(permission)}
              disabledReason={disabledReason}
              busy={save.isPending}
              canReadAudit={can.has('audit.read')}
              manage={manage}
              onToggle={toggle}
              onDelete={setDeleting}
            />
          </CardContent>
        </Card>
      )}

      {systemRoles.length > 0 ? (
        <SystemRolesCard
          tenant={tenant}
          roles={systemRoles}
          systems={systems.data ?? []}
          canReadAudit={can.has('audit.read')}
          manage={manage}
          onDelete={setDeleting}
        />
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

      <DeleteRoleDialog
        role={deleting}
        pending={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={(role) => remove.mutate(role)}
      />
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
