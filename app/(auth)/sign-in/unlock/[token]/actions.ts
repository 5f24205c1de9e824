'use server';

import type { AccountActionResult } from '@/components/auth/account-action-result';
import { unlockAccount } from '@/lib/auth/unlock-account';
import { runAccountAction } from '../../../account-action';

/** Lift the lockout on a button press (never on GET: mail scanners open links). */
export async function unlockAccountAction(values: { token: string }): Promise<AccountActionResult> {
  return runAccountAction((meta) => unlockAccount(values, meta));
}
