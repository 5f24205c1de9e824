import { systemSchema, systemSlugParamsSchema, updateSystemSchema } from '@/lib/access/role-schemas';
import { deleteSystem } from '@/lib/access/delete-system';
import { getSystem } from '@/lib/access/get-system';
import { updateSystem } from '@/lib/access/update-system';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/systems/{slug}',
    summary: 'A downstream system and its permission keys',
    tags: ['Systems'],
    access: 'systems.read',
    params: systemSlugParamsSchema,
    response: systemSchema,
  },
  async ({ ctx, params }) => getSystem(ctx, params.slug),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/systems/{slug}',
    summary: 'Rename a system or replace its permission keys',
    description: "A key still granted by one of the system's roles cannot be removed (409).",
    tags: ['Systems'],
    access: 'systems.manage',
    errors: ['conflict'],
    params: systemSlugParamsSchema,
    body: updateSystemSchema,
    response: systemSchema,
  },
  async ({ ctx, params, body }) => updateSystem(ctx, params.slug, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/systems/{slug}',
    summary: 'Delete a system (409 while roles of the system exist)',
    tags: ['Systems'],
    access: 'systems.manage',
    errors: ['conflict'],
    params: systemSlugParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteSystem(ctx, params.slug),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
