'use client';

import * as React from 'react';
import { useQuery } from '@tanstack/react-query';
import { RotateCw, TriangleAlert } from 'lucide-react';
import { ApiError, api, errorsByField } from '@/components/admin/api';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import type { TenantView } from '@/lib/tenancy/schemas';
import { seatsFull } from '@/lib/invitations/policy';
import { MemberAttributesSettings } from './member-attributes-settings';
import { PasswordRulesSettings } from './password-rules-settings';
import { checkTenantBody, tenantQueryKey, useSaveTenant } from './settings-save';
import { SignInSecuritySettings } from './sign-in-security-settings';

const PLAN_NAMES: Record<string, string> = { starter: 'Starter', team: 'Team', enterprise: 'Enterprise' };

/**
 * The tenant settings page body: name, plan and seats, session and signature settings, sign-in security, password
 * rules, danger zone.
 */
export function TenantSettings({ slug }: { slug: string }) {
  const tenant = useQuery({ queryKey: tenantQueryKey(slug), queryFn: () => api<TenantView>(`/api/v1/tenants/${slug}`) });
  if (tenant.isPending) return <SettingsSkeleton />;
  if (tenant.isError) {
    return (
      <Alert tone="danger" role="alert" title="The settings could not be loaded.">
        <span>{tenant.error.message} </span>
        <Button variant="link" size="sm" onClick={() => void tenant.refetch()} pending={tenant.isFetching}>
          <RotateCw aria-hidden="true" />
          Try again
        </Button>
      </Alert>
    );
  }
  return (
    <div className="grid gap-6">
      <GeneralForm slug={slug} tenant={tenant.data} />
      <PlanCard tenant={tenant.data} />
      <SecurityForm slug={slug} tenant={tenant.data} />
      <SignInSecuritySettings slug={slug} tenant={tenant.data} />
      <PasswordRulesSettings slug={slug} tenant={tenant.data} />
      <MemberAttributesSettings slug={slug} tenant={tenant.data} />
      <DangerZone tenant={tenant.data} />
    </div>
  );
}

function GeneralForm({ slug, tenant }: { slug: string; tenant: TenantView }) {
  const [name, setName] = React.useState(tenant.name);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = useSaveTenant(slug);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body = { name };
    const found = checkTenantBody(body);
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(body, {
      onSuccess: () => toast({ title: 'Name saved' }),
      onError: (error) => {
        if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
        else setErrors({ form: `The name was not saved: ${error.message}` });
      },
    });
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader className="flex-col gap-1">
          <CardTitle>General</CardTitle>
          <CardDescription>The name members see in the console, the tenant switcher and e-mails.</CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <FormError message={errors.form} />
          <FormField label="Tenant name" error={errors.name}>
            <Input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="organization" maxLength={120} />
          </FormField>
          <FormField label="Address" description="The slug in every console URL and API path. It cannot change.">
            <Input value={`/t/${tenant.slug}`} readOnly disabled />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" variant="primary" pending={save.isPending} disabled={name.trim() === tenant.name}>
            Save name
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function PlanCard({ tenant }: { tenant: TenantView }) {
  const seats = tenant.seats;
  const percent = seats && seats.limit ? Math.min(100, Math.round((seats.used / seats.limit) * 100)) : null;
  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Plan and seats</CardTitle>
        <CardDescription>Seats in use are active members. Only a platform administrator changes the plan.</CardDescription>
      </CardHeader>
      <CardContent className="grid max-w-md gap-3">
        <div className="flex items-center gap-2 text-sm">
          <span className="text-muted-foreground">Plan</span>
          <Badge tone="accent">{PLAN_NAMES[tenant.plan] ?? tenant.plan}</Badge>
        </div>
        {seats ? (
          <div className="grid gap-1.5">
            <div className="flex justify-between text-sm">
              <span className="text-muted-foreground">Seats used</span>
              <span data-testid="seats" className="font-medium tabular-nums">
                {seats.used} of {seats.limit ?? 'unlimited'}
              </span>
            </div>
            {percent !== null ? (
              <div
                role="progressbar"
                aria-label="Seats used"
                aria-valuemin={0}
                aria-valuemax={seats.limit ?? undefined}
                aria-valuenow={seats.used}
                className="h-1.5 overflow-hidden rounded-full bg-muted"
              >
                <div className={percent >= 100 ? 'h-full bg-warning' : 'h-full bg-primary'} style={{ width: `${percent}%` }} />
              </div>
            ) : null}
            {seatsFull(seats) ? (
              <p className="text-xs text-warning">Every seat is taken: new invitations wait until a seat frees up or the plan grows.</p>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function SecurityForm({ slug, tenant }: { slug: string; tenant: TenantView }) {
  const [minutes, setMinutes] = React.useState(String(tenant.settings.sessionTimeoutMinutes));
  const [requiresPassword, setRequiresPassword] = React.useState(tenant.settings.signatureRequiresPassword);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = useSaveTenant(slug);
  const dirty = minutes !== String(tenant.settings.sessionTimeoutMinutes) || requiresPassword !== tenant.settings.signatureRequiresPassword;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = Number(minutes);
    const body = {
      settings: { sessionTimeoutMinutes: minutes.trim() === '' ? Number.NaN : parsed, signatureRequiresPassword: requiresPassword },
    };
    const found = checkTenantBody(body);
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(body, {
      onSuccess: () => toast({ title: 'Security settings saved' }),
      onError: (error) => {
        if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
        else setErrors({ form: `The settings were not saved: ${error.message}` });
      },
    });
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader className="flex-col gap-1">
          <CardTitle>Sessions and signatures</CardTitle>
          <CardDescription>How long an idle console session lasts, and how electronic signatures confirm who signs.</CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <FormError message={errors.form} />
          <FormField
            label="Session timeout (minutes)"
            description="Idle minutes before a member signs in again: 5 minutes to 7 days (10080)."
            error={errors['settings.sessionTimeoutMinutes']}
          >
            <Input
              name="sessionTimeoutMinutes"
              type="number"
              inputMode="numeric"
              min={5}
              max={10080}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </FormField>
          <label className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              name="signatureRequiresPassword"
              className="mt-0.5 size-4 accent-[var(--color-primary)] focus-visible:outline-2 focus-visible:outline-ring"
              checked={requiresPassword}
              onChange={(e) => setRequiresPassword(e.target.checked)}
            />
            <span className="grid gap-0.5">
              <span className="font-medium">Signatures ask for the password every time</span>
              <span className="text-xs text-muted-foreground">
                Recommended for 21 CFR Part 11: each release, rejection or approval is signed with the signer&apos;s password, not only the
                session.
              </span>
            </span>
          </label>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" variant="primary" pending={save.isPending} disabled={!dirty}>
            Save settings
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function DangerZone({ tenant }: { tenant: TenantView }) {
  return (
    <Card className="border-danger/40">
      <CardHeader className="flex-col gap-1">
        <CardTitle className="flex items-center gap-2 text-danger">
          <TriangleAlert aria-hidden="true" className="size-4" />
          Danger zone
        </CardTitle>
        <CardDescription>
          Wiping out <strong>{tenant.name}</strong> deletes every member, role, team, API key, record and audit event of it, for good. Only
          a platform administrator can do that, after typing the tenant&apos;s address to confirm. Ask your platform administrator if this
          tenant should be closed; export the audit trail first if you must keep it.
        </CardDescription>
      </CardHeader>
    </Card>
  );
}

function SettingsSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the settings" className="grid gap-6">
      {[0, 1, 2].map((i) => (
        <div key={i} className="grid gap-3 rounded-lg border border-border p-4">
          <Skeleton className="h-5 w-40" />
          <Skeleton className="h-4 w-72" />
          <Skeleton className="h-8 w-full max-w-md" />
        </div>
      ))}
      <span className="sr-only">Loading the settings…</span>
    </div>
  );
}
