import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { rotateOidcClientSecret } from '@/lib/oidc-clients/rotate-oidc-client-secret';
import { oidcClientParamsSchema, oidcClientWithSecretSchema } from '@/lib/oidc-clients/schemas';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}/secret',
    summary: 'Give a confidential OpenID client a new secret (in this answer only); the old one stops working at once',
    description: 'A public client has no secret (409).',
    tags: ['Systems'],
    access: 'systems.manage',
    errors: ['conflict'],
    params: oidcClientParamsSchema,
    response: oidcClientWithSecretSchema,
    // The answer carries the secret: never stored for replay.
    idempotent: false,
  },
  async ({ ctx, params }) => rotateOidcClientSecret(ctx, params.slug, params.clientId),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
