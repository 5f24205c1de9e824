import type { ActionResult } from '@/lib/http/action-result';

/** What the account pages' server actions (sign-up, verify, forgot, reset) return to their forms. */
export type AccountActionResult = ActionResult;

/** Link problems that have their own screen: expired, already used, or unknown. */
export type LinkProblem = 'link_expired' | 'link_used' | 'not_found';

export function linkProblem(result: AccountActionResult | undefined): LinkProblem | null {
  if (!result || result.ok) return null;
  if (result.code === 'link_expired' || result.code === 'link_used' || result.code === 'not_found') return result.code;
  // A token that fails the schema (truncated when copied) is an invalid link, not a form error.
  if (result.code === 'validation_failed' && result.fieldErrors?.token) return 'not_found';
  return null;
}
