import { createSystemSchema, listSystemsQuerySchema, systemListSchema, systemSchema } from '@/lib/access/role-schemas';
import { createSystem } from '@/lib/access/create-system';
import { listSystems } from '@/lib/access/list-systems';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/systems',
    summary: 'Downstream systems registered in the tenant',
    description:
      '`q` matches part of the slug or name. `sort` orders by `slug` (A–Z, the default), `name` (A–Z, case-insensitive) or `created` (newest first); `dir` (`asc`/`desc`) turns the order round, ties broken by id the same way. Cursor pagination with a cursor per order and direction: one from another order or direction is 400 naming `query.cursor`.',
    tags: ['Systems'],
    access: 'systems.read',
    params: tenantParamsSchema,
    query: listSystemsQuerySchema,
    response: systemListSchema,
  },
  async ({ ctx, query }) => listSystems(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/systems',
    summary: 'Register a downstream system with its permission keys',
    description: 'Permissions are given as `resource.action` and stored as `<slug>:<resource.action>`. Slugs are unique per tenant (409).',
    tags: ['Systems'],
    access: 'systems.manage',
    errors: ['conflict'],
    params: tenantParamsSchema,
    body: createSystemSchema,
    response: systemSchema,
    status: 201,
  },
  async ({ ctx, body }) => createSystem(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
