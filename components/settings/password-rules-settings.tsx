'use client';

import * as React from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { PASSWORD_SCORE_LABEL } from '@/lib/tenancy/labels';
import { PASSWORD_POLICY_BOUNDS, type PasswordPolicy, type TenantView } from '@/lib/tenancy/schemas';
import { submitSettings, typedNumber, useSaveTenant } from './settings-save';

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
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = useSaveTenant(slug);
  const policy: PasswordPolicy = {
    minLength: typedNumber(length),
    minScore: score,
    historyCount: typedNumber(history),
    maxAgeDays: expires ? typedNumber(ageDays) : null,
  };
  const dirty = (Object.keys(policy) as Array<keyof PasswordPolicy>).some((key) => !Object.is(policy[key], stored[key]));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    submitSettings(save, { settings: { passwordPolicy: policy } }, 'Password rules', setErrors);
  };
  const error = (field: keyof PasswordPolicy) => errors[`settings.passwordPolicy.${field}`];
  return (
    <Card>
      <form onSubmit={submit} noValidate aria-labelledby="password-rules-title">
        <CardHeader className="flex-col gap-1">
          <CardTitle id="password-rules-title">Password rules</CardTitle>
          <CardDescription>
            What a new password must meet. A person in several tenants meets the strictest rules among them; the rules apply the next time
            they set a password.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <FormError message={errors.form} />
          <FormField
            label="Minimum length"
            description={`${minLength.min} to ${minLength.max} characters. Long passphrases beat short complex ones.`}
            error={error('minLength')}
          >
            <Input
              name="minLength"
              type="number"
              inputMode="numeric"
              min={minLength.min}
              max={minLength.max}
              value={length}
              onChange={(e) => setLength(e.target.value)}
            />
          </FormField>
          <FormField label="Minimum strength" description={SCORE_HINT[score]} error={error('minScore')}>
            <select name="minScore" className={controlClasses} value={score} onChange={(e) => setScore(Number(e.target.value))}>
              {PASSWORD_SCORE_LABEL.slice(minScore.min, minScore.max + 1).map((label, i) => (
                <option key={label} value={minScore.min + i}>
                  {minScore.min + i} — {label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            label="Remember the last passwords"
            description={`A new password may not be one of a person's last ${historyCount.min}–${historyCount.max} passwords; 0 turns this off.`}
            error={error('historyCount')}
          >
            <Input
              name="historyCount"
              type="number"
              inputMode="numeric"
              min={historyCount.min}
              max={historyCount.max}
              value={history}
              onChange={(e) => setHistory(e.target.value)}
            />
          </FormField>
          <fieldset className="grid gap-3">
            <legend className="sr-only">Password expiry</legend>
            <label className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name="passwordsExpire"
                className="mt-0.5 size-4 accent-[var(--color-primary)] focus-visible:outline-2 focus-visible:outline-ring"
                checked={expires}
                onChange={(e) => setExpires(e.target.checked)}
              />
              <span className="grid gap-0.5">
                <span className="font-medium">Passwords expire</span>
                <span className="text-xs text-muted-foreground">
                  Off by default: NIST SP 800-63B advises against forced expiry, which leads to weaker, predictable passwords.
                </span>
              </span>
            </label>
            {expires ? (
              <FormField
                label="Maximum password age (days)"
                description={`${maxAgeDays.min} to ${maxAgeDays.max} days; then the member must choose a new password.`}
                error={error('maxAgeDays')}
              >
                <Input
                  name="maxAgeDays"
                  type="number"
                  inputMode="numeric"
                  min={maxAgeDays.min}
                  max={maxAgeDays.max}
                  value={ageDays}
                  onChange={(e) => setAgeDays(e.target.value)}
                />
              </FormField>
            ) : null}
          </fieldset>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" variant="primary" pending={save.isPending} disabled={!dirty}>
            Save password rules
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
