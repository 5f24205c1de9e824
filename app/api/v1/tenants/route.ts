import { route } from '@/lib/http/route';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { createTenantSchema, tenantSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/tenants',
    summary: 'Create a tenant on the starter plan; you become its admin',
    tags: ['Tenants'],
    access: 'authenticated',
    errors: ['conflict'],
    body: createTenantSchema,
    response: tenantSchema,
    status: 201,
  },
  async ({ actor, body, meta }) => createTenant(actor, body, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
