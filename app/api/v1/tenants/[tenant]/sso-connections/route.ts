import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { createSsoConnection } from '@/lib/sso/create-sso-connection';
import { listSsoConnections } from '@/lib/sso/list-sso-connections';
import { createSsoConnectionSchema, ssoConnectionListSchema, ssoConnectionSchema } from '@/lib/sso/schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/sso-connections',
    summary: "The tenant's single sign-on connections (OIDC and SAML identity providers)",
    description:
      'Sorted by name. Client secrets are never returned (`hasClientSecret` says one is stored). Each connection carries the addresses to register at the identity provider: `redirectUri` (OIDC), `spEntityId`, `spMetadataUrl` and `acsUrl` (SAML), and `startUrl` where sign-in begins.',
    tags: ['Single sign-on'],
    access: 'tenant.update',
    params: tenantParamsSchema,
    response: ssoConnectionListSchema,
  },
  async ({ ctx }) => listSsoConnections(ctx),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/sso-connections',
    summary: 'Add a single sign-on connection (OIDC or SAML)',
    description:
      "OIDC: `issuer` (its discovery document must be readable over https), `clientId`, `clientSecret` (stored sealed, never shown again), optional `scopes` and `groupsClaim`. SAML: the identity provider's metadata as `metadataXml` or `metadataUrl` (it must carry a signing certificate and a sign-in URL), optional `groupsAttribute`. Both: `defaultRoles` (role ids or names, only roles you may give) for people provisioned at their first sign-in (`jitProvisioning`, on by default), and `groupTeamMappings` putting members of an IdP group in a team. A field the identity provider does not accept is a 400 naming it.",
    tags: ['Single sign-on'],
    access: 'tenant.update',
    errors: ['conflict'],
    params: tenantParamsSchema,
    body: createSsoConnectionSchema,
    response: ssoConnectionSchema,
    status: 201,
  },
  async ({ ctx, body }) => createSsoConnection(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
