import { tenantRoute } from '@/lib/http/route';
import { getTenant } from '@/lib/tenancy/get-tenant';
import { tenantParamsSchema, tenantSchema, updateTenantSchema } from '@/lib/tenancy/schemas';
import { updateTenant } from '@/lib/tenancy/update-tenant';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}',
    summary: 'The tenant, its plan and settings',
    tags: ['Tenants'],
    access: 'tenant.read',
    params: tenantParamsSchema,
    response: tenantSchema,
  },
  async ({ ctx }) => getTenant(ctx),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}',
    summary: 'Rename the tenant or change its session and signature settings',
    tags: ['Tenants'],
    access: 'tenant.update',
    params: tenantParamsSchema,
    body: updateTenantSchema,
    response: tenantSchema,
  },
  async ({ ctx, body }) => updateTenant(ctx, body),
);

export const { POST, PUT, DELETE } = methodsNotAllowed(['GET', 'PATCH']);
