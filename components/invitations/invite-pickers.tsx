'use client';

import * as React from 'react';
import { Controller, type Control } from 'react-hook-form';
import { Badge } from '@/components/ui/badge';
import { FieldError } from '@/components/ui/form-field';
import { Skeleton } from '@/components/ui/skeleton';
import { mayInviteWith } from '@/lib/invitations/policy';
import type { Role, Team } from './api';
import type { InviteFormValues } from './form-schema';
import { permissionTitle } from '@/lib/access/permission-catalog';

const pickerBox = 'grid max-h-52 content-start gap-0.5 overflow-y-auto rounded-md border border-border p-1.5';
const optionRow = 'flex items-start gap-2.5 rounded-md px-2 py-1.5 text-[13px] has-[:disabled]:opacity-60 has-[:enabled]:hover:bg-muted/60';

function toggled(list: string[], id: string, on: boolean): string[] {
  return on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id);
}
/** The roles to invite with; roles granting more than the inviter holds are offered disabled, with why. */
export function RolePicker({
  control,
  roles,
  loading,
  loadError,
  canRead,
  held,
  error,
}: {
  control: Control<InviteFormValues>;
  roles: Role[] | undefined;
  loading: boolean;
  loadError: string | null;
  canRead: boolean;
  held: ReadonlySet<string>;
  error?: string;
}) {
  const errorId = React.useId();
  const focusId = roles?.find((r) => mayInviteWith(held, r.permissions).allowed)?.id;
  return (
    <fieldset className="grid gap-1.5" aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1.5 text-[13px] font-medium">Roles</legend>
      {!canRead ? (
        <p className="text-xs text-muted-foreground">
          Choosing roles needs the roles.read permission. Ask an administrator of this tenant.
        </p>
      ) : loading ? (
        <div aria-busy="true" aria-label="Loading roles" className="grid gap-2 rounded-md border border-border p-3">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-4 w-56" />
          <Skeleton className="h-4 w-32" />
        </div>
      ) : loadError ? (
        <p className="text-xs text-danger">The roles could not be loaded: {loadError}</p>
      ) : (
        <Controller
          control={control}
          name="roles"
          render={({ field }) => (
            <div className={pickerBox} data-testid="invite-roles">
              {/* a field error focuses the first role that can be chosen */}
              {(roles ?? []).map((role) => {
                const { missing } = mayInviteWith(held, role.permissions);
                const checked = field.value.includes(role.id);
                return (
                  <label key={role.id} className={optionRow}>
                    <input
                      type="checkbox"
                      className="mt-0.5 size-3.5 shrink-0 accent-primary"
                      checked={checked}
                      disabled={missing.length > 0 && !checked}
                      onChange={(event) => field.onChange(toggled(field.value, role.id, event.target.checked))}
                      onBlur={field.onBlur}
                      ref={role.id === focusId ? field.ref : undefined}
                    />
                    <span className="grid min-w-0 gap-0.5">
                      <span className="flex flex-wrap items-center gap-1.5 font-medium">
                        {role.name}
                        {role.system ? <Badge tone="accent">{role.system.slug}</Badge> : null}
                      </span>
                      <span className="text-xs text-muted-foreground">
                        {missing.length > 0
                          ? `You cannot give this role: it grants ${missing.length === 1 ? 'a permission' : 'permissions'} you do not hold (${missing
                              .slice(0, 3)
                              .map((k) => permissionTitle(k))
                              .join(', ')}${missing.length > 3 ? ', …' : ''}).`
                          : role.description ||
                            `${role.permissions.length} ${role.permissions.length === 1 ? 'permission' : 'permissions'}`}
                      </span>
                    </span>
                  </label>
                );
              })}
              {roles?.length === 0 ? (
                <p className="px-2 py-1.5 text-xs text-muted-foreground">
                  This tenant has no roles yet. Create one on the Roles page first.
                </p>
              ) : null}
            </div>
          )}
        />
      )}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}
/** The optional teams to invite into; teams whose roles grant more than the inviter holds are disabled. */
export function TeamPicker({
  control,
  teams,
  loading,
  loadError,
  rolesById,
  rolesKnown,
  held,
  error,
}: {
  control: Control<InviteFormValues>;
  teams: Team[] | undefined;
  loading: boolean;
  loadError: string | null;
  rolesById: ReadonlyMap<string, Role>;
  /** Whether the roles (and so what each team grants) are known; otherwise the server decides alone. */
  rolesKnown: boolean;
  held: ReadonlySet<string>;
  error?: string;
}) {
  const errorId = React.useId();
  if (!loading && !loadError && teams?.length === 0) return null; // no teams: nothing to choose
  return (
    <fieldset className="grid gap-1.5" aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1.5 text-[13px] font-medium">
        Teams<span className="ml-1.5 font-normal text-muted-foreground">Optional</span>
      </legend>
      {loading ? (
        <div aria-busy="true" aria-label="Loading teams" className="grid gap-2 rounded-md border border-border p-3">
          <Skeleton className="h-4 w-36" />
          <Skeleton className="h-4 w-48" />
        </div>
      ) : loadError ? (
        <p className="text-xs text-danger">The teams could not be loaded: {loadError}</p>
      ) : (
        <Controller
          control={control}
          name="teamIds"
          render={({ field }) => (
            <div className={pickerBox} data-testid="invite-teams">
              {(teams ?? []).map((team) => {
                const wanted = rolesKnown ? team.roles.flatMap((r) => rolesById.get(r.id)?.permissions ?? []) : [];
                const { missing } = mayInviteWith(held, wanted);
                const checked = field.value.includes(team.id);
                return (
                  <label key={team.id} className={optionRow}>
                    <input
                      type="checkbox"
                      className="mt-0.5 size-3.5 shrink-0 accent-primary"
                      checked={checked}
                      disabled={missing.length > 0 && !checked}
                      onChange={(event) => field.onChange(toggled(field.value, team.id, event.target.checked))}
                      onBlur={field.onBlur}
                    />
                    <span className="grid min-w-0 gap-0.5">
                      <span className="font-medium">{team.name}</span>
                      <span className="text-xs text-muted-foreground">
                        {missing.length > 0
                          ? 'You cannot add people to this team: its roles grant permissions you do not hold.'
                          : team.roles.length
                            ? `Roles: ${team.roles.map((r) => r.name).join(', ')}`
                            : 'No roles'}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        />
      )}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}
