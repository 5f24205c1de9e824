'use client';

import * as React from 'react';
import { FormField } from '@/components/ui/form-field';
import { controlClasses } from '@/components/ui/input';
import { PASSWORD_SCORE_LABEL } from '@/lib/tenancy/labels';
import { PASSWORD_POLICY_BOUNDS, type PasswordPolicy, type TenantView } from '@/lib/tenancy/schemas';
import { typedNumber } from './settings-save';
import { NumberSetting, SettingSwitch, SettingsSection, useSettingsSection } from './settings-section';

const SCORE_HINT = [
  'Any password of the minimum length that is not a common one.',
  'Refuses only the most guessable passwords.',
  'Refuses passwords a determined attacker guesses quickly.',
  'Recommended: refuses passwords an attacker guesses within a day or so of trying offline.',
  'Asks for long, unusual passphrases; some members will need several tries.',
];

const { minLength, minScore, historyCount, maxAgeDays } = PASSWORD_POLICY_BOUNDS;

/** Password rules: length, strength, remembered passwords and (off by default) expiry. */
export function PasswordRulesSettings({ slug, tenant }: { slug: string; tenant: TenantView }) {
  const stored = tenant.settings.passwordPolicy;
  const [length, setLength] = React.useState(String(stored.minLength));
  const [score, setScore] = React.useState(stored.minScore);
  const [history, setHistory] = React.useState(String(stored.historyCount));
  const [expires, setExpires] = React.useState(stored.maxAgeDays !== null);
  const [ageDays, setAgeDays] = React.useState(String(stored.maxAgeDays ?? 365));
  const { errors, save, submit } = useSettingsSection(slug, 'Password rules');
  const policy: PasswordPolicy = {
    minLength: typedNumber(length),
    minScore: score,
    historyCount: typedNumber(history),
    maxAgeDays: expires ? typedNumber(ageDays) : null,
  };
  const dirty = (Object.keys(policy) as Array<keyof PasswordPolicy>).some((key) => !Object.is(policy[key], stored[key]));
  const error = (field: keyof PasswordPolicy) => errors[`settings.passwordPolicy.${field}`];
  return (
    <SettingsSection
      titleId="password-rules-title"
      title="Password rules"
      description="What a new password must meet. A person in several tenants meets the strictest rules among them; the rules apply the next time they set a password."
      formError={errors.form}
      saveLabel="Save password rules"
      saving={save.isPending}
      dirty={dirty}
      onSubmit={() => submit({ settings: { passwordPolicy: policy } })}
    >
      <NumberSetting
        name="minLength"
        label="Minimum length"
        description={`${minLength.min} to ${minLength.max} characters. Long passphrases beat short complex ones.`}
        error={error('minLength')}
        bounds={minLength}
        value={length}
        onChange={setLength}
      />
      <FormField label="Minimum strength" description={SCORE_HINT[score]} error={error('minScore')}>
        <select name="minScore" className={controlClasses} value={score} onChange={(e) => setScore(Number(e.target.value))}>
          {PASSWORD_SCORE_LABEL.slice(minScore.min, minScore.max + 1).map((label, i) => (
            <option key={label} value={minScore.min + i}>
              {minScore.min + i} — {label}
            </option>
          ))}
        </select>
      </FormField>
      <NumberSetting
        name="historyCount"
        label="Remember the last passwords"
        description={`A new password may not be one of a person's last ${historyCount.min}–${historyCount.max} passwords; 0 turns this off.`}
        error={error('historyCount')}
        bounds={historyCount}
        value={history}
        onChange={setHistory}
      />
      <fieldset className="grid gap-3">
        <legend className="sr-only">Password expiry</legend>
        <SettingSwitch
          name="passwordsExpire"
          label="Passwords expire"
          hint="Off by default: NIST SP 800-63B advises against forced expiry, which leads to weaker, predictable passwords."
          checked={expires}
          onChange={setExpires}
        />
        {expires ? (
          <NumberSetting
            name="maxAgeDays"
            label="Maximum password age (days)"
            description={`${maxAgeDays.min} to ${maxAgeDays.max} days; then the member must choose a new password.`}
            error={error('maxAgeDays')}
            bounds={maxAgeDays}
            value={ageDays}
            onChange={setAgeDays}
          />
        ) : null}
      </fieldset>
    </SettingsSection>
  );
}
