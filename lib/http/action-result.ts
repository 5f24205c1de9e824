import { headers } from 'next/headers';
import type { RequestMeta } from '@/lib/context';
import { DomainError, isConnectionError } from '@/lib/errors';
import { logger } from '@/lib/platform/logger';
import { clientIp, requestIdFrom } from './request-meta';

/**
 * Server actions are the console's other face of the domain layer: these helpers give every form the
 * same result shape, built from the same DomainErrors the API turns into problem+json.
 */
export type ActionResult = { ok: true } | { ok: false; code: string; error: string; fieldErrors?: Record<string, string> };

/** Request metadata (request id, IP, user agent) for the audit trail, from the action's request headers. */
export async function actionMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { requestId: requestIdFrom(h), ip: clientIp(h), userAgent: h.get('user-agent')?.slice(0, 512) ?? null };
}

/** An error thrown by a domain function, shaped for a form: its code, a message and the first message per field. */
export function actionError(error: unknown, requestId: string): Extract<ActionResult, { ok: false }> {
  if (error instanceof DomainError) {
    const fieldErrors: Record<string, string> = {};
    for (const e of error.errors ?? []) fieldErrors[e.path] ??= e.message;
    const hasFields = Object.keys(fieldErrors).length > 0;
    const message =
      error.code === 'unauthenticated'
        ? 'Your session has ended. Sign in again to continue.'
        : error.code === 'validation_failed' && hasFields
          ? 'Check the highlighted fields.'
          : error.message;
    return { ok: false, code: error.code, error: message, ...(hasFields ? { fieldErrors } : {}) };
  }
  if (isConnectionError(error)) {
    return { ok: false, code: 'service_unavailable', error: 'Custos cannot reach its database right now. Try again in a moment.' };
  }
  logger.error({ err: error, requestId }, 'server action failed');
  return { ok: false, code: 'internal_error', error: `Something went wrong on our side. Try again (reference ${requestId}).` };
}

/** Run a domain function for a form and shape the outcome; `afterSuccess` runs only when it succeeded. */
export async function runAction(
  work: (meta: RequestMeta) => Promise<unknown>,
  options: { afterSuccess?: () => void } = {},
): Promise<ActionResult> {
  const meta = await actionMeta();
  try {
    await work(meta);
    options.afterSuccess?.();
    return { ok: true };
  } catch (error) {
    return actionError(error, meta.requestId);
  }
}
