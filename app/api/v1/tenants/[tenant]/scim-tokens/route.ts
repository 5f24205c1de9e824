import { createScimToken } from '@/lib/scim/create-scim-token';
import { listScimTokens } from '@/lib/scim/list-scim-tokens';
import { createdScimTokenSchema, createScimTokenSchema, scimTokenListSchema } from '@/lib/scim/token-schemas';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/scim-tokens',
    summary: "The tenant's SCIM tokens (never their secrets), newest first, and the SCIM base URL",
    tags: ['SCIM tokens'],
    access: 'tenant.update',
    params: tenantParamsSchema,
    response: scimTokenListSchema,
  },
  async ({ ctx }) => listScimTokens(ctx),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/scim-tokens',
    summary: "Create a SCIM token for the tenant's directory; the token is in this answer only",
    description:
      'The directory (Entra ID, Okta …) sends it as `Authorization: Bearer <token>` to `/scim/v2/{tenant}`; its changes are audited as `SCIM (<name>)`.' +
      ' Needs a second-factor check in the last 10 minutes when you have a second factor (else 403 `mfa_required`; confirm with `POST /api/v1/me/mfa/verify`, then retry).',
    tags: ['SCIM tokens'],
    access: 'tenant.update',
    params: tenantParamsSchema,
    body: createScimTokenSchema,
    response: createdScimTokenSchema,
    status: 201,
    errors: ['mfa_required'],
    // The answer carries the secret: never stored for replay.
    idempotent: false,
  },
  async ({ ctx, body }) => createScimToken(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
