import { systemSlugParamsSchema } from '@/lib/access/role-schemas';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { createOidcClient } from '@/lib/oidc-clients/create-oidc-client';
import { listOidcClients } from '@/lib/oidc-clients/list-oidc-clients';
import { createOidcClientSchema, oidcClientListSchema, oidcClientWithSecretSchema } from '@/lib/oidc-clients/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/systems/{slug}/clients',
    summary: "The system's OpenID clients (never their secrets)",
    tags: ['Systems'],
    access: 'systems.read',
    params: systemSlugParamsSchema,
    response: oidcClientListSchema,
  },
  async ({ ctx, params }) => listOidcClients(ctx, params.slug),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/systems/{slug}/clients',
    summary: 'Register an OpenID client of the system; a confidential client’s secret is in this answer only',
    description:
      'Redirect URIs: absolute https (http only for localhost or 127.0.0.1), no fragment, at most 20. A public client has no secret, no' +
      ' client_credentials grant, and must use PKCE. Grants default to authorization_code, refresh_token and (confidential)' +
      ' client_credentials. An inactive system may get clients; the provider refuses them until the system is active.' +
      ' Configure the downstream system with the issuer’s discovery document, `/.well-known/openid-configuration`.',
    tags: ['Systems'],
    access: 'systems.manage',
    errors: ['conflict'],
    params: systemSlugParamsSchema,
    body: createOidcClientSchema,
    response: oidcClientWithSecretSchema,
    status: 201,
    // The answer carries the secret: never stored for replay.
    idempotent: false,
  },
  async ({ ctx, params, body }) => createOidcClient(ctx, params.slug, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
