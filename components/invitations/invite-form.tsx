'use client';

import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { Tabs } from 'radix-ui';
import { Mail, Users } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { invitationsFit, seatsFull } from '@/lib/invitations/policy';
import { ApiError, api, fetchRoles, fetchTeams, invitationsPath, type BulkInviteResult, type InvitationView, type Seats } from './api';
import { BULK_MAX, bodyOf, fieldOf, inviteResolver, splitEmails, type InviteFormValues, type InviteMode } from './form-schema';
import { RolePicker, TeamPicker } from './invite-pickers';
import { SeatsLine } from './seats';

export const EMPTY_INVITE: InviteFormValues = { email: '', emails: '', roles: [], teamIds: [] };

/** The invitation form: one address or many, roles and teams; single invites close the dialog, bulk ones show results. */
export function InviteForm({
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
    formState: { errors, isSubmitting },
  } = useForm<InviteFormValues>({
    resolver: (values, _context, options) => inviteResolver(values, { mode: modeRef.current }, options),
    defaultValues: retry ?? EMPTY_INVITE,
  });
  const pasted = splitEmails(useWatch({ control, name: 'emails' }));

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
            description: result.failed
              ? `${result.failed} not sent: see why beside each address.`
              : 'Each address gets its own link by email.',
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
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4" aria-busy={isSubmitting || undefined}>
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
          {seatRefused
            ? serverError?.message
            : 'Revoke a pending invitation or remove a member first, or ask a platform administrator for a larger plan.'}
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
            <Input
              type="email"
              autoComplete="off"
              spellCheck={false}
              placeholder="name@example.com"
              autoFocus={!switched}
              {...register('email')}
            />
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
            <Textarea
              rows={6}
              spellCheck={false}
              autoComplete="off"
              className="font-mono text-xs"
              placeholder={'ana@example.com\nbo@example.com, chris@example.com'}
              {...register('emails')}
            />
          </FormField>
          {seats && !full && pasted.length > 0 && !invitationsFit(seats, pasted.length).allowed ? (
            <p className="mt-1 text-xs text-warning" data-testid="bulk-seats">
              {invitationsFit(seats, pasted.length).reason} The addresses past the last seat will be refused.
            </p>
          ) : null}
        </Tabs.Content>
      </Tabs.Root>

      <RolePicker
        control={control}
        roles={roles.data}
        loading={roles.isPending && canReadRoles}
        loadError={roles.isError ? roles.error.message : null}
        canRead={canReadRoles}
        held={held}
        error={errors.roles?.message}
      />

      {canReadTeams ? (
        <TeamPicker
          control={control}
          teams={teams.data}
          loading={teams.isPending}
          loadError={teams.isError ? teams.error.message : null}
          rolesById={rolesById}
          rolesKnown={canReadRoles && roles.isSuccess}
          held={held}
          error={errors.teamIds?.message}
        />
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
