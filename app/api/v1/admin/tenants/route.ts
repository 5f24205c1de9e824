import { route } from '@/lib/http/route';
import { createTenantAsPlatformAdmin } from '@/lib/platform-admin/create-tenant';
import { listTenants } from '@/lib/platform-admin/list-tenants';
import { adminCreateTenantSchema, adminTenantListSchema, adminTenantSchema, listTenantsQuerySchema } from '@/lib/platform-admin/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/admin/tenants',
    summary: 'Every tenant with its plan, status and seats in use (platform admins)',
    description:
      '`q` matches slug or name. `sort` orders by `slug` (A–Z, the default), `name` (A–Z, any case) or `created` (newest first); `dir` (`asc`/`desc`) turns the order round. Each order has its own cursor: a cursor from another order is 400 naming `query.cursor`.',
    tags: ['Platform administration'],
    access: 'platform_admin',
    query: listTenantsQuerySchema,
    response: adminTenantListSchema,
  },
  async ({ actor, query }) => listTenants(actor, query),
);

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/admin/tenants',
    summary: 'Create a tenant on a plan and make an existing verified account its admin (platform admins)',
    tags: ['Platform administration'],
    access: 'platform_admin',
    errors: ['not_found', 'conflict'],
    body: adminCreateTenantSchema,
    response: adminTenantSchema,
    status: 201,
  },
  async ({ actor, body, meta }) => createTenantAsPlatformAdmin(actor, body, meta),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
