'use server';

import type { AccountActionResult } from '@/components/auth/account-action-result';
import { verifyEmail } from '@/lib/auth/verify-email';
import { runAccountAction } from '../../account-action';

/** Confirm the address on a button press (never on GET: mail scanners open links). */
export async function verifyEmailAction(values: { token: string }): Promise<AccountActionResult> {
  return runAccountAction((meta) => verifyEmail(values, meta));
}
