import type { RouteHandler } from '@/lib/http/route';
import { signatureScope } from '@/lib/quality/signatures';

/**
 * A route whose domain function may sign (transitions, reviews): the whole request, tenant transaction
 * included, runs in `signatureScope`, so a wrong password is audited and counted toward lockout after the
 * refused transaction has rolled back (lib/quality/signatures.ts).
 */
export function signingRoute(handler: RouteHandler): RouteHandler {
  const wrapped = (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }) =>
    signatureScope(() => handler(request, context));
  return Object.assign(wrapped, { route: handler.route });
}
