import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { addDomain } from '@/lib/sso/domains/add-domain';
import { listDomains } from '@/lib/sso/domains/list-domains';
import { addDomainSchema, domainListSchema, domainSchema } from '@/lib/sso/domains/schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/domains',
    summary: "The tenant's domains, verified or waiting for their DNS record, and whether SSO is required",
    description:
      'Oldest first. Each domain carries the TXT record that proves it (`_custos-challenge.<domain>` = `custos-domain-verification=<token>`). `ssoRequiredProblem` says why "SSO required" cannot be turned on now (null: it can).',
    tags: ['Domains'],
    access: 'tenant.update',
    params: tenantParamsSchema,
    response: domainListSchema,
  },
  async ({ ctx }) => listDomains(ctx),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/domains',
    summary: 'Claim a domain: it starts unverified, with the DNS TXT record to publish',
    description:
      'The name is lowercased; a name that is not a domain, or a public mail service (gmail.com, outlook.com …), is 400 naming `domain`. The same domain twice in this tenant: 409 `conflict`. Audited `domain.added`. Verify it with `POST …/domains/{id}/verify` once the record is published.',
    tags: ['Domains'],
    access: 'tenant.update',
    errors: ['conflict'],
    params: tenantParamsSchema,
    body: addDomainSchema,
    response: domainSchema,
    status: 201,
  },
  async ({ ctx, body }) => addDomain(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
