import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { platformVerifyDomain } from '@/lib/sso/domains/platform-verify-domain';
import { domainParamsSchema, domainSchema } from '@/lib/sso/domains/schemas';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/admin/tenants/{tenant}/domains/{id}/verify',
    summary: "Verify a tenant's domain without DNS (platform admins)",
    description:
      "For air-gapped sites or a record that cannot be published. A domain another tenant has verified: 409 `conflict`. Already verified: no change. Audited `domain.verified` (method `platform`) on the platform trail and the tenant's.",
    tags: ['Platform administration'],
    access: 'platform_admin',
    errors: ['conflict'],
    params: domainParamsSchema,
    response: domainSchema,
  },
  async ({ actor, params, meta }) => platformVerifyDomain(actor, params.tenant, params.id, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
