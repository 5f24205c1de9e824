import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { deleteOidcClient } from '@/lib/oidc-clients/delete-oidc-client';
import { getOidcClient } from '@/lib/oidc-clients/list-oidc-clients';
import { oidcClientParamsSchema, oidcClientSchema, updateOidcClientSchema } from '@/lib/oidc-clients/schemas';
import { updateOidcClient } from '@/lib/oidc-clients/update-oidc-client';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}',
    summary: 'One OpenID client of the system (never its secret)',
    tags: ['Systems'],
    access: 'systems.read',
    params: oidcClientParamsSchema,
    response: oidcClientSchema,
  },
  async ({ ctx, params }) => getOidcClient(ctx, params.slug, params.clientId),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}',
    summary: 'Change an OpenID client’s name, redirect URIs, grants or first-party flag (not its type)',
    tags: ['Systems'],
    access: 'systems.manage',
    params: oidcClientParamsSchema,
    body: updateOidcClientSchema,
    response: oidcClientSchema,
  },
  async ({ ctx, params, body }) => updateOidcClient(ctx, params.slug, params.clientId, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/systems/{slug}/clients/{clientId}',
    summary: 'Delete an OpenID client; its tokens stop working because the client no longer resolves',
    tags: ['Systems'],
    access: 'systems.manage',
    params: oidcClientParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteOidcClient(ctx, params.slug, params.clientId),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
