import { createRoleSchema, listQuerySchema, roleListSchema, roleSchema } from '@/lib/access/role-schemas';
import { createRole } from '@/lib/access/create-role';
import { listRoles } from '@/lib/access/list-roles';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/roles',
    summary: 'Roles of the tenant with their permissions, system and member count',
    tags: ['Roles'],
    access: 'roles.read',
    params: tenantParamsSchema,
    query: listQuerySchema,
    response: roleListSchema,
  },
  async ({ ctx, query }) => listRoles(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/roles',
    summary: 'Create a custom role',
    description:
      "Permissions are catalog keys, or for a role of a downstream system (`system`: its slug) only that system's keys. " +
      'You can only put in permissions you hold yourself (403 otherwise). Names are unique per tenant (409).',
    tags: ['Roles'],
    access: 'roles.manage',
    errors: ['conflict', 'mfa_required'],
    params: tenantParamsSchema,
    body: createRoleSchema,
    response: roleSchema,
    status: 201,
  },
  async ({ ctx, body }) => createRole(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
