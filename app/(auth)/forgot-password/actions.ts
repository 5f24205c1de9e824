'use server';

import type { AccountActionResult } from '@/components/auth/account-action-result';
import { requestPasswordReset } from '@/lib/auth/request-password-reset';
import { runAccountAction } from '../account-action';

/** Mail a reset link if the account exists; the answer is the same either way. */
export async function forgotPasswordAction(values: { email: string }): Promise<AccountActionResult> {
  return runAccountAction((meta) => requestPasswordReset(values, meta), { sendsMail: true });
}
