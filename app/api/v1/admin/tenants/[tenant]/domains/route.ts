import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { adminTenantParamsSchema } from '@/lib/platform-admin/schemas';
import { platformListDomains } from '@/lib/sso/domains/platform-list-domains';
import { domainListSchema } from '@/lib/sso/domains/schemas';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/admin/tenants/{tenant}/domains',
    summary: "A tenant's domains, verified or waiting for their DNS record (platform admins)",
    description:
      "The same list the tenant's own admins get (`GET /api/v1/tenants/{tenant}/domains`), oldest first, so a platform admin can verify one without DNS (`POST …/domains/{id}/verify`). Unknown tenant: 404.",
    tags: ['Platform administration'],
    access: 'platform_admin',
    params: adminTenantParamsSchema,
    response: domainListSchema,
  },
  async ({ actor, params }) => platformListDomains(actor, params.tenant),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
