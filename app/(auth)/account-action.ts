import { headers } from 'next/headers';
import type { AccountActionResult } from '@/components/auth/account-action-result';
import type { RequestMeta } from '@/lib/context';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { DomainError, isConnectionError } from '@/lib/errors';
import { clientIp, requestIdFrom } from '@/lib/http/request-meta';
import { logger } from '@/lib/platform/logger';

/**
 * Shared by the account pages' server actions: request metadata for the audit trail, and one shape for
 * results. Not a 'use server' module itself; each page's actions.ts is.
 */
export async function actionMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { requestId: requestIdFrom(h), ip: clientIp(h), userAgent: h.get('user-agent')?.slice(0, 512) ?? null };
}

/** Run a domain function for a form: `{ ok: true }`, or its error as `{ ok: false, code, error, fieldErrors }`. */
export async function runAccountAction(
  work: (meta: RequestMeta) => Promise<unknown>,
  options: { sendsMail?: boolean } = {},
): Promise<AccountActionResult> {
  const meta = await actionMeta();
  try {
    await work(meta);
    if (options.sendsMail) kickDelivery();
    return { ok: true };
  } catch (error) {
    if (error instanceof DomainError) {
      const fieldErrors = error.errors?.length ? Object.fromEntries(error.errors.map((e) => [e.path, e.message])) : undefined;
      return { ok: false, code: error.code, error: error.message, ...(fieldErrors ? { fieldErrors } : {}) };
    }
    if (isConnectionError(error)) {
      return { ok: false, code: 'service_unavailable', error: 'Custos cannot reach its database right now. Try again in a moment.' };
    }
    logger.error({ err: error, requestId: meta.requestId }, 'account action failed');
    return { ok: false, code: 'internal_error', error: `Something went wrong on our side. Try again. (Reference ${meta.requestId})` };
  }
}
