import { apiKeyListQuerySchema, apiKeyListSchema, createApiKeySchema, createdApiKeySchema } from '@/lib/access/api-key-schemas';
import { createApiKey } from '@/lib/access/create-api-key';
import { listApiKeys } from '@/lib/access/list-api-keys';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/api-keys',
    summary: "The tenant's API keys (never their secrets), newest first or in the chosen order",
    description:
      '`status` filters (`active`, `expired`, `revoked`). `sort` orders by `created` (newest first, the default), `name` (A–Z, case-insensitive) or `last_used` (most recently used first, never-used keys last); `dir` (`asc`/`desc`) turns the order round (`last_used` ascending: never-used keys first, then the least recently used), ties broken by id the same way. Cursor pagination with a cursor per order and direction: one from another order or direction is 400 naming `query.cursor`.',
    tags: ['API keys'],
    access: 'api_keys.read',
    params: tenantParamsSchema,
    query: apiKeyListQuerySchema,
    response: apiKeyListSchema,
  },
  async ({ ctx, query }) => listApiKeys(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/api-keys',
    summary: 'Create an API key acting for you; the key is in this answer only',
    description:
      'Scopes must be catalog or registered system permission keys (else 400 naming `permissions.<i>`) that you hold now (else 403 naming `permissions.<i>`). `expiresAt`, if given, must be in the future.' +
      ' Needs a second-factor check in the last 10 minutes when you have a second factor (else 403 `mfa_required`; confirm with `POST /api/v1/me/mfa/verify`, then retry).',
    tags: ['API keys'],
    access: 'api_keys.manage',
    params: tenantParamsSchema,
    body: createApiKeySchema,
    response: createdApiKeySchema,
    status: 201,
    errors: ['mfa_required'],
    // The answer carries the secret: never stored for replay.
    idempotent: false,
  },
  async ({ ctx, body }) => createApiKey(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
