'use client';

import * as React from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { MFA_REQUIRED_LABEL } from '@/lib/tenancy/labels';
import { DEACTIVATE_AFTER_DAYS_BOUNDS, MFA_REQUIRED_VALUES, type MfaRequired, type TenantView } from '@/lib/tenancy/schemas';
import { submitSettings, typedNumber, useSaveTenant } from './settings-save';

const MFA_HINT: Record<MfaRequired, string> = {
  off: 'Members may add a second factor; nobody has to.',
  admins: 'Members holding an administrator role set up a second factor before they use the console.',
  signers: 'Members who may sign records (release, approve, review) set up a second factor first.',
  everyone: 'Every member sets up a second factor before they use the console.',
};

/** Sign-in security: who must use a second factor, and when idle members are suspended. */
export function SignInSecuritySettings({ slug, tenant }: { slug: string; tenant: TenantView }) {
  const stored = tenant.settings;
  const [mfaRequired, setMfaRequired] = React.useState<MfaRequired>(stored.mfaRequired);
  const [suspendIdle, setSuspendIdle] = React.useState(stored.deactivateAfterDays !== null);
  const [days, setDays] = React.useState(String(stored.deactivateAfterDays ?? 90));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = useSaveTenant(slug);
  const deactivateAfterDays = suspendIdle ? typedNumber(days) : null;
  const dirty = mfaRequired !== stored.mfaRequired || !Object.is(deactivateAfterDays, stored.deactivateAfterDays);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    submitSettings(save, { settings: { mfaRequired, deactivateAfterDays } }, 'Sign-in security', setErrors);
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate aria-labelledby="sign-in-security-title">
        <CardHeader className="flex-col gap-1">
          <CardTitle id="sign-in-security-title">Sign-in security</CardTitle>
          <CardDescription>
            Who must confirm sign-in with a second factor, and when members who stopped signing in lose access.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <FormError message={errors.form} />
          <FormField label="Second factor required for" description={MFA_HINT[mfaRequired]} error={errors['settings.mfaRequired']}>
            <select
              name="mfaRequired"
              className={controlClasses}
              value={mfaRequired}
              onChange={(e) => setMfaRequired(e.target.value as MfaRequired)}
            >
              {MFA_REQUIRED_VALUES.map((value) => (
                <option key={value} value={value}>
                  {MFA_REQUIRED_LABEL[value]}
                </option>
              ))}
            </select>
          </FormField>
          <fieldset className="grid gap-3">
            <legend className="sr-only">Inactive members</legend>
            <label className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name="suspendIdle"
                className="mt-0.5 size-4 accent-[var(--color-primary)] focus-visible:outline-2 focus-visible:outline-ring"
                checked={suspendIdle}
                onChange={(e) => setSuspendIdle(e.target.checked)}
              />
              <span className="grid gap-0.5">
                <span className="font-medium">Suspend members who stop signing in</span>
                <span className="text-xs text-muted-foreground">
                  A suspended member keeps their roles and history but cannot sign in to this tenant until an admin reactivates them.
                </span>
              </span>
            </label>
            {suspendIdle ? (
              <FormField
                label="Days without a sign-in"
                description={`${DEACTIVATE_AFTER_DAYS_BOUNDS.min} to ${DEACTIVATE_AFTER_DAYS_BOUNDS.max} days.`}
                error={errors['settings.deactivateAfterDays']}
              >
                <Input
                  name="deactivateAfterDays"
                  type="number"
                  inputMode="numeric"
                  min={DEACTIVATE_AFTER_DAYS_BOUNDS.min}
                  max={DEACTIVATE_AFTER_DAYS_BOUNDS.max}
                  value={days}
                  onChange={(e) => setDays(e.target.value)}
                />
              </FormField>
            ) : null}
          </fieldset>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" variant="primary" pending={save.isPending} disabled={!dirty}>
            Save sign-in security
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
