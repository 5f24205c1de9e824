'use server';

import type { AccountActionResult } from '@/components/auth/account-action-result';
import { register } from '@/lib/auth/register';
import { resendVerification } from '@/lib/auth/resend-verification';
import { runAccountAction } from '../account-action';

/** Sign-up: the same `register` as POST /api/v1/auth/register (validation, existing emails, audit, mail). */
export async function signUpAction(values: { name: string; email: string; password: string }): Promise<AccountActionResult> {
  return runAccountAction((meta) => register(values, meta), { sendsMail: true });
}

/** A new verification link; always succeeds alike, whether or not the address has a waiting account. */
export async function resendVerificationAction(values: { email: string }): Promise<AccountActionResult> {
  return runAccountAction((meta) => resendVerification(values, meta), { sendsMail: true });
}
