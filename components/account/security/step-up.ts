'use client';

import type { SecurityActionResult } from './action-result';

/** The message shown when an action needs a recent second-factor check and no prompt could take it. */
export const STEP_UP_HINT = 'Confirm it is you first: sign out and sign in again with your second factor, then try again.';

/** Whether an action was refused for want of a recent second-factor check (403 `mfa_required`). */
export function needsStepUp(result: SecurityActionResult<unknown>): boolean {
  return !result.ok && result.code === 'mfa_required';
}
