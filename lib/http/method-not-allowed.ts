import { DomainError } from '@/lib/errors';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { problemResponse } from './problem';
import { requestIdFrom } from './request-meta';
import { tenantRoute, type Method, type RouteHandler } from './route';

const ALLOW = 'GET, HEAD, OPTIONS';

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

/**
 * The write methods of a read-only tenant path (the audit trail: nothing edits or deletes an event). PUT, PATCH and
 * DELETE answer 405 `method_not_allowed` problem+json with `Allow: GET, HEAD, OPTIONS` — to members; anyone else gets
 * the usual 401 or 404 first, so the answer never tells a stranger that a tenant exists. The request body is never
 * read: a request to change the trail is refused as such, whatever it carries. Not operations of the API document
 * (status 405: see isOperation in lib/http/openapi.ts). OPTIONS lists what the path allows.
 */
export function readOnlyMethods(path: string, options: { tags?: string[]; detail: string }) {
  const refuse = (method: 'PUT' | 'PATCH' | 'DELETE'): RouteHandler =>
    tenantRoute(
      {
        method,
        path,
        summary: `Not allowed (405): ${options.detail}`,
        description: 'Always answers 405 `method_not_allowed` to members of the tenant; the body is not read.',
        tags: options.tags,
        access: 'member',
        params: tenantParamsSchema,
        status: 405,
        rawBody: { description: 'Not read.', content: {} },
      },
      () => {
        throw new DomainError('method_not_allowed', 405, `${method} is not allowed here: ${options.detail}`, undefined, { Allow: ALLOW });
      },
    );
  return {
    PUT: refuse('PUT'),
    PATCH: refuse('PATCH'),
    DELETE: refuse('DELETE'),
    OPTIONS: () => Promise.resolve(new Response(null, { status: 204, headers: { Allow: ALLOW } })),
  };
}
