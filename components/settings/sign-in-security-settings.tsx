'use client';

import * as React from 'react';
import { FormField } from '@/components/ui/form-field';
import { controlClasses } from '@/components/ui/input';
import { MFA_REQUIRED_LABEL } from '@/lib/tenancy/labels';
import { DEACTIVATE_AFTER_DAYS_BOUNDS, MFA_REQUIRED_VALUES, type MfaRequired, type TenantView } from '@/lib/tenancy/schemas';
import { typedNumber } from './settings-save';
import { NumberSetting, SettingSwitch, SettingsSection, useSettingsSection } from './settings-section';

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
  const { errors, save, submit } = useSettingsSection(slug, 'Sign-in security');
  const deactivateAfterDays = suspendIdle ? typedNumber(days) : null;
  const dirty = mfaRequired !== stored.mfaRequired || !Object.is(deactivateAfterDays, stored.deactivateAfterDays);
  return (
    <SettingsSection
      titleId="sign-in-security-title"
      title="Sign-in security"
      description="Who must confirm sign-in with a second factor, and when members who stopped signing in lose access."
      formError={errors.form}
      saveLabel="Save sign-in security"
      saving={save.isPending}
      dirty={dirty}
      onSubmit={() => submit({ settings: { mfaRequired, deactivateAfterDays } })}
    >
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
        <SettingSwitch
          name="suspendIdle"
          label="Suspend members who stop signing in"
          hint="A suspended member keeps their roles and history but cannot sign in to this tenant until an admin reactivates them."
          checked={suspendIdle}
          onChange={setSuspendIdle}
        />
        {suspendIdle ? (
          <NumberSetting
            name="deactivateAfterDays"
            label="Days without a sign-in"
            description={`${DEACTIVATE_AFTER_DAYS_BOUNDS.min} to ${DEACTIVATE_AFTER_DAYS_BOUNDS.max} days.`}
            error={errors['settings.deactivateAfterDays']}
            bounds={DEACTIVATE_AFTER_DAYS_BOUNDS}
            value={days}
            onChange={setDays}
          />
        ) : null}
      </fieldset>
    </SettingsSection>
  );
}
