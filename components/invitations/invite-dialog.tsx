'use client';

import * as React from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { Tabs } from 'radix-ui';
import { Mail, Users } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { ApiError, api, fetchRoles, fetchTeams, invitationsPath, type BulkInviteResult, type InvitationView, type Role, type Seats, type Team } from './api';
import { BULK_MAX, bodyOf, fieldOf, inviteResolver, preloadInviteSchemas, splitEmails, type InviteFormValues, type InviteMode } from './form-schema';
import { SeatsLine } from './seats';
import { invitationsFit, mayInviteWith, seatsFull } from '@/lib/invitations/policy';

export type InviteDialogProps = {
  tenant: string;
  /** The inviter's permissions: roles and teams carrying more than they may hand out are not offered. */
  permissions: readonly string[];
  /** Seats as the list last saw them (null while it loads). */
  seats: Seats | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** After every request that may have invited someone: refresh the list and the seats. */
  onInvited: () => void;
};

const EMPTY: InviteFormValues = { email: '', emails: '', roles: [], teamIds: [] };

/** Invite one person (address, roles, optional teams) or up to 100 pasted addresses at once, with a result per address. */
export function InviteDialog({ tenant, permissions, seats, open, onOpenChange, onInvited }: InviteDialogProps) {
  const [result, setResult] = React.useState<BulkInviteResult | null>(null);
  const [retry, setRetry] = React.useState<InviteFormValues | null>(null);
  const [formKey, setFormKey] = React.useState(0);
  React.useEffect(() => {
    if (open) preloadInviteSchemas();
  }, [open]);
  const close = (next: boolean) => {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    // Start fresh next time, once the closing animation is over.
    window.setTimeout(() => {
      setResult(null);
      setRetry(null);
      setFormKey((k) => k + 1);
    }, 200);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-w-xl">
        {result ? (
          <BulkResults
            result={result}
            onRetry={(emails) => {
              setRetry((last) => ({ ...(last ?? EMPTY), email: '', emails: emails.join('\n') }));
              setResult(null);
              setFormKey((k) => k + 1);
            }}
            onDone={() => close(false)}
          />
        ) : (
          <InviteForm
            key={formKey}
            tenant={tenant}
            permissions={permissions}
            seats={seats}
            retry={retry}
            onInvited={onInvited}
            onSingleDone={() => close(false)}
            onBulkDone={(done, values) => {
              setRetry(values);
              setResult(done);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function InviteForm({
  tenant,
  permissions,
  seats,
  retry,
  onInvited,
  onSingleDone,
  onBulkDone,
}: {
  tenant: string;
  permissions: readonly string[];
  seats: Seats | null;
  /** The previous bulk attempt's roles and teams with the addresses to try again. */
  retry: InviteFormValues | null;
  onInvited: () => void;
  onSingleDone: () => void;
  onBulkDone: (result: BulkInviteResult, values: InviteFormValues) => void;
}) {
  const held = React.useMemo(() => new Set(permissions), [permissions]);
  const [mode, setMode] = React.useState<InviteMode>(retry ? 'bulk' : 'single');
  const modeRef = React.useRef(mode); // the resolver reads the mode of the moment
  // The address box takes the focus when the dialog opens, not when the mode changes (the tabs keep it then).
  const [switched, setSwitched] = React.useState(false);
  const [serverError, setServerError] = React.useState<{ message: string; code?: string } | null>(null);

  const {
    register,
    control,
    handleSubmit,
    setError,
    clearErrors,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<InviteFormValues>({
    resolver: (values, _context, options) => inviteResolver(values, { mode: modeRef.current }, options),
    defaultValues: retry ?? EMPTY,
  });
  const pasted = splitEmails(watch('emails'));

  const canReadRoles = held.has('roles.read');
  const canReadTeams = held.has('teams.read');
  const roles = useQuery({ queryKey: ['tenants', tenant, 'roles', 'all'], queryFn: () => fetchRoles(tenant), enabled: canReadRoles });
  const teams = useQuery({ queryKey: ['tenants', tenant, 'teams', 'all'], queryFn: () => fetchTeams(tenant), enabled: canReadTeams });

  const seatRefused = serverError?.code === 'seat_limit_reached';
  const full = seats !== null && seatsFull(seats);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    const body = bodyOf(values, mode);
    try {
      if (mode === 'single') {
        const invitation = await api<InvitationView>(invitationsPath(tenant), { method: 'POST', json: body });
        toast({ title: 'Invitation sent', description: `${invitation.email} gets a link by email; it works for 7 days.`, tone: 'success' });
        onInvited();
        onSingleDone();
      } else {
        const result = await api<BulkInviteResult>(`${invitationsPath(tenant)}/bulk`, { method: 'POST', json: body });
        onInvited();
        if (result.invited > 0) {
          toast({
            title: `${result.invited} ${result.invited === 1 ? 'invitation' : 'invitations'} sent`,
            description: result.failed ? `${result.failed} not sent: see why beside each address.` : 'Each address gets its own link by email.',
            tone: 'success',
          });
        } else {
          toast({ title: 'No invitation sent', description: 'See why beside each address.', tone: 'error' });
        }
        onBulkDone(result, values);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.status === 409) onInvited(); // the list and seats moved on (invited or taken meanwhile)
        let placed = false;
        for (const { path, message } of error.errors) {
          const field = fieldOf(path, mode);
          if (field) {
            setError(field, { type: 'server', message }, { shouldFocus: !placed });
            placed = true;
          }
        }
        if (!placed) setServerError({ message: error.message, code: error.code });
      } else {
        setServerError({ message: error instanceof Error ? error.message : 'We could not reach Custos. Try again.' });
      }
    }
  });

  const rolesById = React.useMemo(() => new Map((roles.data ?? []).map((r) => [r.id, r])), [roles.data]);

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={isSubmitting || undefined}>
      <DialogHeader>
        <DialogTitle>Invite people</DialogTitle>
        <DialogDescription>
          Each person gets a link by email that works once, for 7 days. They join with the roles and teams you choose here.
        </DialogDescription>
      </DialogHeader>

      {seats ? (
        <div className="rounded-md border border-border bg-muted/40 px-3 py-2">
          <SeatsLine seats={seats} compact />
        </div>
      ) : null}
      {seatRefused || full ? (
        // One message for a full plan, whether the list showed it before or the server just refused a seat.
        <Alert tone="warning" role={seatRefused ? 'alert' : undefined} title="Every seat is taken.">
          {seatRefused ? serverError?.message : 'Revoke a pending invitation or remove a member first, or ask a platform administrator for a larger plan.'}
        </Alert>
      ) : null}
      {serverError && !seatRefused ? <Alert tone="danger" role="alert" title={serverError.message} /> : null}

      <Tabs.Root
        value={mode}
        onValueChange={(value) => {
          modeRef.current = value as InviteMode;
          setMode(value as InviteMode);
          setSwitched(true);
          setServerError(null);
          clearErrors();
        }}
        className="grid gap-3"
      >
        <Tabs.List aria-label="How many people" className="inline-flex w-fit rounded-md border border-border bg-muted p-0.5">
          <ModeTab value="single" icon={<Mail aria-hidden="true" />}>
            One person
          </ModeTab>
          <ModeTab value="bulk" icon={<Users aria-hidden="true" />}>
            Several at once
          </ModeTab>
        </Tabs.List>
        <Tabs.Content value="single" className="focus-visible:outline-none">
          <FormField label="Email address" error={errors.email?.message}>
            <Input type="email" autoComplete="off" spellCheck={false} placeholder="name@example.com" autoFocus={!switched} {...register('email')} />
          </FormField>
        </Tabs.Content>
        <Tabs.Content value="bulk" className="focus-visible:outline-none">
          <FormField
            label="Email addresses"
            error={errors.emails?.message}
            description={`One a line, or separated by commas or spaces. At most ${BULK_MAX} at once.`}
            labelAside={
              <span className={cn('tabular-nums', pasted.length > BULK_MAX ? 'text-danger' : 'text-muted-foreground')} aria-live="polite">
                {pasted.length} {pasted.length === 1 ? 'address' : 'addresses'}
              </span>
            }
          >
            <Textarea rows={6} spellCheck={false} autoComplete="off" className="font-mono text-xs" placeholder={'ana@example.com\nbo@example.com, chris@example.com'} {...register('emails')} />
          </FormField>
          {seats && !full && pasted.length > 0 && !invitationsFit(seats, pasted.length).allowed ? (
            <p className="mt-1 text-xs text-warning" data-testid="bulk-seats">
              {invitationsFit(seats, pasted.length).reason} The addresses past the last seat will be refused.
            </p>
          ) : null}
        </Tabs.Content>
      </Tabs.Root>

      <RolePicker control={control} roles={roles.data} loading={roles.isPending && canReadRoles} loadError={roles.isError ? roles.error.message : null} canRead={canReadRoles} held={held} error={errors.roles?.message} />

      {canReadTeams ? (
        <TeamPicker control={control} teams={teams.data} loading={teams.isPending} loadError={teams.isError ? teams.error.message : null} rolesById={rolesById} rolesKnown={canReadRoles && roles.isSuccess} held={held} error={errors.teamIds?.message} />
      ) : null}

      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {mode === 'single' ? 'Send invitation' : pasted.length > 1 ? `Send ${pasted.length} invitations` : 'Send invitations'}
        </Button>
      </DialogFooter>
    </form>
  );
}

function ModeTab({ value, icon, children }: { value: InviteMode; icon: React.ReactNode; children: React.ReactNode }) {
  return (
    <Tabs.Trigger
      value={value}
      className={cn(
        'inline-flex h-7 items-center gap-1.5 rounded-[5px] px-2.5 text-[13px] font-medium text-muted-foreground transition-colors [&_svg]:size-3.5',
        'hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring',
        'data-[state=active]:bg-card data-[state=active]:text-foreground data-[state=active]:shadow-xs',
      )}
    >
      {icon}
      {children}
    </Tabs.Trigger>
  );
}

const pickerBox = 'grid max-h-52 content-start gap-0.5 overflow-y-auto rounded-md border border-border p-1.5';
const optionRow = 'flex items-start gap-2.5 rounded-md px-2 py-1.5 text-[13px] has-[:disabled]:opacity-60 has-[:enabled]:hover:bg-muted/60';

function toggled(list: string[], id: string, on: boolean): string[] {
  return on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id);
}

function RolePicker({
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
        <p className="text-xs text-muted-foreground">Choosing roles needs the roles.read permission. Ask an administrator of this tenant.</p>
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
                          ? `You cannot give this role: it grants ${missing.length === 1 ? 'a permission' : 'permissions'} you do not hold (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}).`
                          : role.description || `${role.permissions.length} ${role.permissions.length === 1 ? 'permission' : 'permissions'}`}
                      </span>
                    </span>
                  </label>
                );
              })}
              {roles?.length === 0 ? <p className="px-2 py-1.5 text-xs text-muted-foreground">This tenant has no roles yet. Create one on the Roles page first.</p> : null}
            </div>
          )}
        />
      )}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}

function TeamPicker({
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

function BulkResults({ result, onRetry, onDone }: { result: BulkInviteResult; onRetry: (emails: string[]) => void; onDone: () => void }) {
  // Worth another try: every failed address except the repeats of one that was invited once.
  const again = result.results.filter((r) => !r.ok && r.error?.code !== 'duplicate').map((r) => r.email);
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>
          {result.invited} invited{result.failed ? `, ${result.failed} not` : ''}
        </DialogTitle>
        <DialogDescription>
          {result.failed
            ? 'The invited addresses got their link by email. The others are listed with the reason.'
            : 'Every address got its own link by email; it works once, for 7 days.'}
        </DialogDescription>
      </DialogHeader>
      <div className="rounded-md border border-border bg-muted/40 px-3 py-2">
        <SeatsLine seats={result.seats} compact />
      </div>
      <div className="max-h-80 overflow-y-auto rounded-md border border-border">
        <Table aria-label="Result per address">
          <TableHeader>
            <TableRow>
              <TableHead>Address</TableHead>
              <TableHead>Result</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.results.map((row, i) => (
              <TableRow key={`${row.email}-${i}`} data-testid="bulk-result-row" data-ok={row.ok ? 'true' : 'false'}>
                <TableCell className="max-w-56 truncate font-mono text-xs" title={row.email}>
                  {row.email || <span className="text-muted-foreground">(empty)</span>}
                </TableCell>
                <TableCell>
                  {row.ok ? (
                    <Badge tone="success" dot>
                      Invited
                    </Badge>
                  ) : (
                    <div className="grid gap-1 py-0.5">
                      <Badge tone={row.error?.code === 'duplicate' ? 'neutral' : 'danger'} dot>
                        {row.error?.code === 'duplicate' ? 'Repeated' : 'Not invited'}
                      </Badge>
                      <span className="text-xs text-muted-foreground">{row.error?.message ?? 'Not invited.'}</span>
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <DialogFooter>
        {again.length ? (
          <Button type="button" onClick={() => onRetry(again)}>
            Edit and retry the {again.length} not invited
          </Button>
        ) : null}
        <Button type="button" variant="primary" onClick={onDone} autoFocus>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
