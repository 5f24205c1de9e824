import { PASSWORD_SCORE_LABEL } from '@/lib/tenancy/labels';
import type { PasswordPolicy } from '@/lib/tenancy/schemas';

export type { PasswordPolicy };

/**
 * The light part of the password rules (lib/auth/password-policy.ts re-exports it): numbers, words and arithmetic
 * with no word lists, so a form can show the rules before the strength estimator loads.
 */

/** The longest password any rule accepts (argon2 does not care; a bound keeps hashing and zxcvbn cheap). */
export const PASSWORD_MAX = 128;
/** The shortest any tenant's rules may ask for, and so what the API schemas check before the rules in force. */
export const PASSWORD_MIN = 8;

/** The rules of a tenant that did not change them, and of a person with no membership. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null };

/** The strictest of several tenants' rules (each field on its own); no rules at all → the defaults. */
export function strictestPasswordPolicy(policies: readonly PasswordPolicy[]): PasswordPolicy {
  if (policies.length === 0) return { ...DEFAULT_PASSWORD_POLICY };
  const ages = policies.map((p) => p.maxAgeDays).filter((d): d is number => d !== null);
  return {
    minLength: Math.max(...policies.map((p) => p.minLength)),
    minScore: Math.max(...policies.map((p) => p.minScore)),
    historyCount: Math.max(...policies.map((p) => p.historyCount)),
    maxAgeDays: ages.length ? Math.min(...ages) : null,
  };
}

export const strengthLabel = (score: number) => PASSWORD_SCORE_LABEL[Math.max(0, Math.min(4, Math.round(score)))];

/** The rules in force as short lines for a form to show before anyone types ("At least 12 characters"). */
export function passwordRuleLines(policy: PasswordPolicy): string[] {
  const lines = [`At least ${policy.minLength} characters (a few unrelated words make a good one)`];
  if (policy.minScore > 0) lines.push(`Rated at least “${strengthLabel(policy.minScore)}” by the strength meter`);
  lines.push("Not your email address, your name or the tenant's name, and not a common password");
  if (policy.historyCount > 0) {
    lines.push(policy.historyCount === 1 ? 'Not your current password' : `Not one of your last ${policy.historyCount} passwords`);
  }
  return lines;
}

export const historyMessage = (historyCount: number) =>
  historyCount <= 1
    ? 'Choose a password different from your current one.'
    : `Choose a password you have not used recently: the rules remember your last ${historyCount}.`;

/**
 * Whether a password set at `changedAt` is past `maxAgeDays` at `at`. No age limit, or no record of when it was
 * set (an account made before the column existed, a seeded one), is never expired.
 */
export function isPasswordExpired(changedAt: Date | null, maxAgeDays: number | null, at: Date): boolean {
  if (maxAgeDays === null || !changedAt) return false;
  return at.getTime() - changedAt.getTime() > maxAgeDays * 24 * 60 * 60 * 1000;
}

/** The rules in force as one or two sentences, for the description of a new-password field. */
export function passwordRulesSentence(policy: PasswordPolicy): string {
  const strength = policy.minScore > 0 ? `, rated at least “${strengthLabel(policy.minScore)}” by the strength meter` : '';
  const history =
    policy.historyCount > 1
      ? `, and not one of your last ${policy.historyCount} passwords`
      : policy.historyCount === 1
        ? ', and not your current password'
        : '';
  return (
    `Use at least ${policy.minLength} characters${strength}; a few unrelated words make a good one. ` +
    `Not your email address, your name or the tenant's name, not a common password${history}.`
  );
}
