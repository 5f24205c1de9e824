import type { AccountActionResult } from '@/components/auth/account-action-result';
import type { RequestMeta } from '@/lib/context';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { runAction } from '@/lib/http/action-result';

export { actionMeta } from '@/lib/http/action-result';

/**
 * Shared by the account pages' server actions (sign-up, verify, forgot, reset): run the domain function
 * and, when it queued mail, start delivering it once the work has committed.
 */
export function runAccountAction(
  work: (meta: RequestMeta) => Promise<unknown>,
  options: { sendsMail?: boolean } = {},
): Promise<AccountActionResult> {
  return runAction(work, { afterSuccess: options.sendsMail ? kickDelivery : undefined });
}
