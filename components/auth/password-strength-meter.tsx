'use client';

import * as React from 'react';
import { Check, CircleAlert } from 'lucide-react';
import { cn } from '@/components/ui/cn';
import { FormField } from '@/components/ui/form-field';
import { passwordRulesSentence, strengthLabel, type PasswordPolicy } from '@/lib/auth/password-policy-basics';
import type { PasswordCheck, PasswordOwner } from '@/lib/auth/password-policy';

/** The strength estimator (zxcvbn and its word lists) loads on first use, not with the page. */
let policyModule: Promise<typeof import('@/lib/auth/password-policy')> | null = null;
const loadPolicy = () => {
  policyModule ??= import('@/lib/auth/password-policy').catch((error: unknown) => {
    policyModule = null;
    throw error;
  });
  return policyModule;
};

/** Starts loading the estimator (call on mount or focus): the first keystroke then finds it ready. */
export function preloadPasswordStrength() {
  void loadPolicy().catch(() => {});
}

/** The new password's check, recomputed (debounced) as it changes; null while empty or not yet computed. */
export function usePasswordCheck(password: string, policy: PasswordPolicy, owner: PasswordOwner): PasswordCheck | null {
  // The last result stays on screen while the next one is computed (no flicker between keystrokes).
  const [state, setState] = React.useState<{ key: string; check: PasswordCheck | null } | null>(null);
  const ownerKey = JSON.stringify([owner.email ?? '', owner.name ?? '', owner.tenantNames ?? []]);
  const policyKey = JSON.stringify(policy);
  const key = JSON.stringify([password, ownerKey, policyKey]);
  React.useEffect(() => {
    if (!password) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const [email, name, tenantNames] = JSON.parse(ownerKey) as [string, string, string[]];
      loadPolicy()
        .then((m) => m.checkPassword(password, JSON.parse(policyKey) as PasswordPolicy, { email, name, tenantNames }))
        .then(
          (check) => !cancelled && setState({ key, check }),
          () => !cancelled && setState({ key, check: null }), // the server still checks every rule
        );
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [password, ownerKey, policyKey, key]);
  return password ? (state?.check ?? null) : null;
}

/** Check a password now (on submit): the same rules the server applies, history aside. */
export async function checkPasswordNow(password: string, policy: PasswordPolicy, owner: PasswordOwner): Promise<PasswordCheck | null> {
  try {
    return await (await loadPolicy()).checkPassword(password, policy, owner);
  } catch {
    return null; // the estimator did not load: the server decides
  }
}

export type NewPasswordFieldProps = {
  label: string;
  error?: string;
  policy: PasswordPolicy;
  owner: PasswordOwner;
  /** The field's current value (react-hook-form's watch). */
  password: string;
  /** The input (RevealablePasswordInput or Input), registered with the form. */
  children: React.ReactElement;
};

/** A new-password field: the rules in force up front, the input, and the strength meter under it. */
export function NewPasswordField({ label, error, policy, owner, password, children }: NewPasswordFieldProps) {
  const check = usePasswordCheck(password, policy, owner);
  React.useEffect(() => preloadPasswordStrength(), []);
  return (
    <div className="grid gap-2">
      <FormField label={label} error={error} description={passwordRulesSentence(policy)}>
        {children}
      </FormField>
      <PasswordStrengthMeter check={check} policy={policy} hideProblem={Boolean(error)} />
    </div>
  );
}

const BAR_TONE = ['bg-danger', 'bg-danger', 'bg-warning', 'bg-success', 'bg-success'];

/**
 * A strength meter under a new-password field: four bars for zxcvbn's score, its word, and the first rule the
 * password breaks (or that it meets them). The same pure check the server makes (history aside).
 */
export function PasswordStrengthMeter({
  check,
  policy,
  hideProblem = false,
}: {
  check: PasswordCheck | null;
  policy: PasswordPolicy;
  /** The field already shows an error: the meter does not repeat it. */
  hideProblem?: boolean;
}) {
  const score = check?.score ?? 0;
  const label = check ? strengthLabel(score) : 'Not rated yet';
  const problem = check?.problems[0] ?? null;
  const showVerdict = check && !(hideProblem && problem);
  return (
    <div className="grid gap-1.5" data-testid="password-strength">
      <div
        role="meter"
        aria-label="Password strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={label}
        className="grid grid-cols-4 gap-1"
      >
        {[1, 2, 3, 4].map((step) => (
          <div
            key={step}
            className={cn('h-1.5 rounded-full', check && score >= step ? BAR_TONE[score] : 'bg-muted')}
            data-filled={check && score >= step ? '' : undefined}
          />
        ))}
      </div>
      <p className="flex flex-wrap items-baseline justify-between gap-x-3 text-xs" aria-live="polite">
        <span className="text-muted-foreground">
          Strength:{' '}
          <span className="font-medium text-foreground" data-testid="password-strength-label">
            {label}
          </span>
          {check && policy.minScore > 0 ? <span> (needed: {strengthLabel(policy.minScore)})</span> : null}
        </span>
        {showVerdict ? (
          problem ? (
            <span className="flex items-start gap-1 text-danger" data-testid="password-problem">
              <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
              <span>{problem}</span>
            </span>
          ) : (
            <span className="flex items-center gap-1 text-success" data-testid="password-ok">
              <Check aria-hidden="true" className="size-3.5" />
              Meets the rules
            </span>
          )
        ) : null}
      </p>
    </div>
  );
}
