import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

/**
 * Password rules (NIST SP 800-63B): 10 to 128 characters, no composition rules, and none of the
 * ~49,000 most common passwords of zxcvbn-ts's list (compared case-insensitively).
 */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 128;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** The schema of a new password, shared by sign-up, reset, change and invitation acceptance. */
export const newPasswordSchema = z
  .string({ message: 'Enter a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((p) => !isCommonPassword(p), 'This password is one of the most common ones. Choose another.');
