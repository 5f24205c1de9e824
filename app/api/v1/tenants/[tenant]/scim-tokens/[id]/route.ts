import { revokeScimToken } from '@/lib/scim/revoke-scim-token';
import { scimTokenParamsSchema } from '@/lib/scim/token-schemas';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/scim-tokens/{id}',
    summary: 'Revoke a SCIM token (the directory is refused with 401 from its next request)',
    tags: ['SCIM tokens'],
    access: 'tenant.update',
    params: scimTokenParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => {
    await revokeScimToken(ctx, params.id);
  },
);

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(['DELETE']);
