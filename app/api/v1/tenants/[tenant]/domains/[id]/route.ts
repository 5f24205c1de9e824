import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { deleteDomain } from '@/lib/sso/domains/delete-domain';
import { domainParamsSchema } from '@/lib/sso/domains/schemas';

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/domains/{id}',
    summary: 'Remove a domain from the tenant',
    description:
      'Its members are no longer routed to the tenant\'s SSO by email. The last verified domain while "SSO required" is on: 409 `conflict` (turn it off first). Audited `domain.removed`.',
    tags: ['Domains'],
    access: 'tenant.update',
    errors: ['conflict'],
    params: domainParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => {
    await deleteDomain(ctx, params.id);
  },
);

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(['DELETE']);
