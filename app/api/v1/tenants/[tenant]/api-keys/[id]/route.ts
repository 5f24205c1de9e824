import { apiKeyParamsSchema } from '@/lib/access/api-key-schemas';
import { revokeApiKey } from '@/lib/access/revoke-api-key';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/api-keys/{id}',
    summary: 'Revoke an API key (it stops working at once)',
    tags: ['API keys'],
    access: 'api_keys.manage',
    params: apiKeyParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => {
    await revokeApiKey(ctx, params.id);
  },
);

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(['DELETE']);
