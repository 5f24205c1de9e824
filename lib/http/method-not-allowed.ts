import { problemResponse } from './problem';
import { requestIdFrom } from './request-meta';
import type { Method } from './route';

/** A handler that answers 405 for a method its path does not take (not an operation of the API document). */
export type MethodNotAllowedHandler = ((request: Request) => Promise<Response>) & { methodNotAllowed: true };

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** What a path takes: its methods, HEAD with GET (Next.js answers it), and OPTIONS, in a fixed order. */
export const allowHeader = (allowed: Method[]) =>
  ORDER.filter((m) => allowed.includes(m as Method) || m === 'OPTIONS' || (m === 'HEAD' && allowed.includes('GET'))).join(', ');

/**
 * Handlers for every method a route file does not take, so they answer 405 `method_not_allowed` problem+json with
 * `Allow` and X-Request-ID (Next.js would answer a bare 405 with no body). A route file exports the ones it lacks:
 * `export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);` — tests/unit/api-routes.test.ts checks
 * every route file answers all five methods and that `Allow` names exactly the methods it takes.
 */
export function methodsNotAllowed(allowed: Method[]): Record<Method, MethodNotAllowedHandler> {
  const allow = allowHeader(allowed);
  const refuse = (method: Method): MethodNotAllowedHandler =>
    Object.assign(
      (request: Request) =>
        Promise.resolve(
          problemResponse(405, 'method_not_allowed', `${method} is not allowed here. Allowed: ${allow}.`, requestIdFrom(request.headers), {
            headers: { Allow: allow },
          }),
        ),
      { methodNotAllowed: true as const },
    );
  return { GET: refuse('GET'), POST: refuse('POST'), PUT: refuse('PUT'), PATCH: refuse('PATCH'), DELETE: refuse('DELETE') };
}
