'use server';

import type { AccountActionResult } from '@/components/auth/account-action-result';
import { resetPassword } from '@/lib/auth/reset-password';
import { runAccountAction } from '../../account-action';

/** Set the new password; every session of the account ends, this browser's included. */
export async function resetPasswordAction(values: { token: string; password: string }): Promise<AccountActionResult> {
  return runAccountAction((meta) => resetPassword(values, meta), { sendsMail: true });
}
