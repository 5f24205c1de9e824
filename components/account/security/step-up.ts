'use client';

import type { SecurityActionResult } from './action-result';

/** The message shown when an action needed a recent second-factor check and the prompt was closed without one. */
export const STEP_UP_HINT =
  'This needs you to confirm it is you with your authenticator app, a recovery code or a passkey. Try again and confirm.';

/** Whether an action was refused for want of a recent second-factor check (403 `mfa_required`). */
export function needsStepUp(result: SecurityActionResult<unknown>): boolean {
  return !result.ok && result.code === 'mfa_required';
}
