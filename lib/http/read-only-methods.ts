import { DomainError } from '@/lib/errors';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { tenantRoute, type RouteHandler } from './route';

const ALLOW = 'GET, HEAD, OPTIONS';

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
