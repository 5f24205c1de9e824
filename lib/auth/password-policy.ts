import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import type { PasswordPolicy } from '@/lib/tenancy/schemas';
import { PASSWORD_MAX, PASSWORD_MIN, strengthLabel } from './password-policy-basics';

/**
 * Password rules (NIST SP 800-63B), pure so the server and the forms apply the very same ones: a tenant's minimum
 * length (8–128), a minimum zxcvbn strength score (0–4) with the person's own details weighing nothing, never the
 * person's email address, name or tenant's name, none of the ~49,000 most common passwords, and (checked on the
 * server against stored hashes, lib/auth/password-history.ts) none of the person's last few passwords.
 * No composition rules.
 */

export type { PasswordPolicy };
export {
  DEFAULT_PASSWORD_POLICY,
  historyMessage,
  isPasswordExpired,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordRuleLines,
  strengthLabel,
  strictestPasswordPolicy,
} from './password-policy-basics';

/** Who is choosing the password: their details must not be in it, and weigh nothing in the strength estimate. */
export type PasswordOwner = { email?: string | null; name?: string | null; tenantNames?: readonly string[] };

/** Words of a person's details shorter than this are not looked for (an initial, "Al", "QA"). */
const SHORTEST_PERSONAL_WORD = 3;

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
const squeeze = (s: string) => fold(s).replace(/[\s._\-']+/g, '');

/** A person's details as the strings to look for (folded), each with what it is in words. */
function personalStrings(owner: PasswordOwner): Array<{ text: string; what: string }> {
  const out: Array<{ text: string; what: string }> = [];
  const add = (text: string, what: string) => {
    const folded = fold(text.trim());
    if (folded.length >= SHORTEST_PERSONAL_WORD) out.push({ text: folded, what });
    const squeezed = squeeze(text);
    if (squeezed !== folded && squeezed.length >= SHORTEST_PERSONAL_WORD) out.push({ text: squeezed, what });
  };
  const email = owner.email?.trim();
  if (email) {
    add(email, 'your email address');
    add(email.split('@')[0] ?? '', 'your email address');
  }
  const name = owner.name?.trim();
  if (name) {
    add(name, 'your name');
    for (const word of name.split(/[\s.\-']+/)) add(word, 'your name');
  }
  for (const tenant of owner.tenantNames ?? []) {
    add(tenant, `the tenant's name (${tenant.trim()})`);
    for (const word of tenant.split(/[\s.\-']+/)) add(word, `the tenant's name (${tenant.trim()})`);
  }
  return out;
}

/** What of the person's details the password contains, in words ("your email address"), or null. */
export function containedPersonalDetail(password: string, owner: PasswordOwner): string | null {
  const folded = fold(password);
  const squeezed = squeeze(password);
  for (const { text, what } of personalStrings(owner)) {
    if (folded.includes(text) || squeezed.includes(text)) return what;
  }
  return null;
}

/** The person's details as zxcvbn user inputs: matched in the password, they add no strength. */
export function passwordUserInputs(owner: PasswordOwner): string[] {
  return [...new Set(personalStrings(owner).map((s) => s.text))];
}

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

const COMMON_MESSAGE = 'This password is one of the most common ones. Choose another.';

/**
 * The schema of a new password in the API and the forms: text of 8–128 characters that is not a common password.
 * The rules in force (a tenant's length and strength, the person's details, history) are checked on top by
 * `checkPassword` once the person is known.
 */
export const newPasswordSchema = z
  .string({ message: 'Enter a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((p) => !isCommonPassword(p), COMMON_MESSAGE);

export type PasswordCheck = {
  /** zxcvbn's score 0–4 (0 for an empty password). */
  score: number;
  /** Each rule the password breaks, as a sentence; empty when it meets them all (history aside: server only). */
  problems: string[];
  /** zxcvbn's advice for a stronger password, when it has any. */
  suggestion: string | null;
};

/**
 * Check a new password against the rules in force, except history (which needs the stored hashes). Async because
 * the strength estimator and its word lists load on first use (in the browser too).
 */
export async function checkPassword(password: string, policy: PasswordPolicy, owner: PasswordOwner = {}): Promise<PasswordCheck> {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`Use at least ${policy.minLength} characters.`);
  if (password.length > PASSWORD_MAX) problems.push(`Use at most ${PASSWORD_MAX} characters.`);
  const detail = password ? containedPersonalDetail(password, owner) : null;
  if (detail) problems.push(`A password must not contain ${detail}.`);
  if (password && isCommonPassword(password)) problems.push(COMMON_MESSAGE);
  if (!password) return { score: 0, problems, suggestion: null };

  const { estimateStrength } = await import('./password-strength');
  const result = estimateStrength(password.slice(0, PASSWORD_MAX), passwordUserInputs(owner));
  const suggestion = result.feedback.warning ?? result.feedback.suggestions[0] ?? null;
  if (result.score < policy.minScore) {
    problems.push(
      `This password is too easy to guess (rated “${strengthLabel(result.score)}”; the rules ask for “${strengthLabel(policy.minScore)}” or better).` +
        (suggestion ? ` ${suggestion}` : ''),
    );
  }
  return { score: result.score, problems, suggestion };
}
