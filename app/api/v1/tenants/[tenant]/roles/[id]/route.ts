import { roleIdParamsSchema, roleSchema, updateRoleSchema } from '@/lib/access/role-schemas';
import { deleteRole } from '@/lib/access/delete-role';
import { getRole } from '@/lib/access/get-role';
import { updateRole } from '@/lib/access/update-role';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/roles/{id}',
    summary: 'A role with its permissions',
    tags: ['Roles'],
    access: 'roles.read',
    params: roleIdParamsSchema,
    response: roleSchema,
  },
  async ({ ctx, params }) => getRole(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/roles/{id}',
    summary: 'Rename a role or change its description or permissions',
    description:
      'Default roles keep their names (409); `admin` keeps every permission it has (409). ' +
      'Added permissions must be held by the caller (403).',
    tags: ['Roles'],
    access: 'roles.manage',
    errors: ['conflict', 'mfa_required'],
    params: roleIdParamsSchema,
    body: updateRoleSchema,
    response: roleSchema,
  },
  async ({ ctx, params, body }) => updateRole(ctx, params.id, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/roles/{id}',
    summary: 'Delete a custom role (409 while assigned to a member or team, or for a default role)',
    tags: ['Roles'],
    access: 'roles.manage',
    errors: ['conflict'],
    params: roleIdParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteRole(ctx, params.id),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
