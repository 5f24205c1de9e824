import { route } from '@/lib/http/route';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { createTenantSchema, tenantSchema } from '@/lib/tenancy/schemas';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/tenants',
    summary: 'Create a tenant on the starter plan; you become its admin',
    tags: ['Tenants'],
    access: 'authenticated',
    body: createTenantSchema,
    response: tenantSchema,
    status: 201,
  },
  async ({ actor, body, meta }) => createTenant(actor, body, meta),
);
