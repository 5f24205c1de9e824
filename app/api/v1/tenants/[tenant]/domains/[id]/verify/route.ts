import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { domainParamsSchema, domainSchema } from '@/lib/sso/domains/schemas';
import { verifyDomain } from '@/lib/sso/domains/verify-domain';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/domains/{id}/verify',
    summary: 'Verify a domain by its DNS TXT record',
    description:
      'Looks up `_custos-challenge.<domain>` and expects `custos-domain-verification=<token>`. No record, another value or a failed lookup: 409 `conflict` saying which, nothing changed. A domain another tenant has verified: 409 `conflict` (a domain belongs to one tenant). Already verified: no change. Audited `domain.verified`.',
    tags: ['Domains'],
    access: 'tenant.update',
    errors: ['conflict'],
    params: domainParamsSchema,
    response: domainSchema,
  },
  async ({ ctx, params }) => verifyDomain(ctx, params.id),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
