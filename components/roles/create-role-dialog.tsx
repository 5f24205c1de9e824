'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { PERMISSIONS } from '@/lib/access/permissions';
import { createRoleSchema } from '@/lib/access/role-schemas';
import { fieldErrors } from '@/lib/validation';
import { groupPermissions } from '@/lib/access/permission-catalog';
import { api, fieldErrorMap, type Role, type System } from './api';
import { PermissionLabel } from './permission-label';
import { mayGive } from '@/lib/access/policy';

/** Create a custom role: name, description, optional system, and a permission picker grouped by resource. */
export function CreateRoleDialog({
  open,
  onOpenChange,
  tenant,
  held,
  systems,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tenant: string;
  held: ReadonlySet<string>;
  systems: System[];
  onCreated: () => void;
}) {
  const [name, setName] = React.useState('');
  const [description, setDescription] = React.useState('');
  const [system, setSystem] = React.useState('');
  const [picked, setPicked] = React.useState<Set<string>>(new Set());
  const [errors, setErrors] = React.useState<Record<string, string>>({});

  const reset = () => {
    setName('');
    setDescription('');
    setSystem('');
    setPicked(new Set());
    setErrors({});
  };

  const chosenSystem = systems.find((s) => s.slug === system);
  const keys = chosenSystem ? chosenSystem.permissions : PERMISSIONS;
  // A system's keys are sent as the system lists them (`resource.action`) and read with its name (`<slug>:…`).
  const shownKey = (key: string) => (chosenSystem && !key.includes(':') ? `${chosenSystem.slug}:${key}` : key);
  const rawKey = new Map(keys.map((key) => [shownKey(key), key]));

  const create = useMutation({
    mutationFn: (body: unknown) => api<Role>(`/api/v1/tenants/${tenant}/roles`, { method: 'POST', json: body }),
    onSuccess: (role) => {
      toast({ title: `Role ${role.name} created`, description: 'Assign it to members or teams.', tone: 'success' });
      reset();
      onOpenChange(false);
      onCreated();
    },
    onError: (error) => {
      const map = fieldErrorMap(error);
      setErrors(map);
      if (Object.keys(map).length === 0) toast({ tone: 'error', title: 'Could not create the role', description: error.message });
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      name,
      ...(description.trim() ? { description } : {}),
      permissions: [...picked].sort(),
      ...(system ? { system } : {}),
    };
    const parsed = createRoleSchema.safeParse(body);
    if (!parsed.success) {
      const map: Record<string, string> = {};
      for (const e of fieldErrors(parsed.error)) map[e.path.split('.')[0]] ??= e.message;
      setErrors(map);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (create.isPending ? undefined : (onOpenChange(o), o ? undefined : reset()))}>
      <DialogContent className="max-h-[90vh] max-w-2xl overflow-y-auto">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>New role</DialogTitle>
            <DialogDescription>You can only give a role permissions you hold yourself.</DialogDescription>
          </DialogHeader>
          <FormField label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={60} />
          </FormField>
          <FormField label="Description" optional error={errors.description}>
            <Textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} rows={2} />
          </FormField>
          {systems.length > 0 ? (
            <FormField
              label="System"
              optional
              description="A role of a downstream system grants only that system's keys."
              error={errors.system}
            >
              <select
                className="h-9 rounded-md border border-input bg-background px-2 text-sm"
                value={system}
                onChange={(e) => {
                  setSystem(e.target.value);
                  setPicked(new Set());
                }}
              >
                <option value="">Custos (the permission catalog)</option>
                {systems.map((s) => (
                  <option key={s.slug} value={s.slug}>
                    {s.name} ({s.slug})
                  </option>
                ))}
              </select>
            </FormField>
          ) : null}
          <fieldset className="grid gap-3">
            <legend className="mb-1 text-sm font-medium">Permissions</legend>
            {keys.length === 0 ? <p className="text-sm text-muted-foreground">This system registered no keys.</p> : null}
            <div className="grid gap-3 sm:grid-cols-2">
              {groupPermissions(keys.map(shownKey), systems).map((group) => (
                <div key={group.area} className="rounded-md border border-border p-2">
                  <div className="mb-1 text-xs font-semibold text-muted-foreground">{group.name}</div>
                  {group.permissions.map((info) => {
                    const permission = rawKey.get(info.key) ?? info.key;
                    const verdict = mayGive(held, [permission]);
                    const mayGrant = verdict.allowed;
                    return (
                      <label
                        key={permission}
                        className="flex items-start gap-2 py-1 text-[13px]"
                        title={verdict.reason ?? info.description ?? undefined}
                      >
                        <input
                          type="checkbox"
                          className="mt-0.5 size-4 shrink-0 accent-primary"
                          checked={picked.has(permission)}
                          disabled={!mayGrant}
                          onChange={(e) =>
                            setPicked((p) => {
                              const next = new Set(p);
                              if (e.target.checked) next.add(permission);
                              else next.delete(permission);
                              return next;
                            })
                          }
                        />
                        <PermissionLabel info={info} description={false} />
                      </label>
                    );
                  })}
                </div>
              ))}
            </div>
            {errors.permissions ? <FieldError>{errors.permissions}</FieldError> : null}
          </fieldset>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending}>
              Create role
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
