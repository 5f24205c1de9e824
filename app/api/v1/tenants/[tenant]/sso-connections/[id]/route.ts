import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { deleteSsoConnection } from '@/lib/sso/delete-sso-connection';
import { getSsoConnection } from '@/lib/sso/list-sso-connections';
import { ssoConnectionParamsSchema, ssoConnectionSchema, updateSsoConnectionSchema } from '@/lib/sso/schemas';
import { updateSsoConnection } from '@/lib/sso/update-sso-connection';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/sso-connections/{id}',
    summary: 'A single sign-on connection',
    tags: ['Single sign-on'],
    access: 'tenant.update',
    params: ssoConnectionParamsSchema,
    response: ssoConnectionSchema,
  },
  async ({ ctx, params }) => getSsoConnection(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/sso-connections/{id}',
    summary: 'Change a single sign-on connection',
    description:
      "Any of the fields of a new connection except `type`; a field of the other type is a 400 naming it. Changing an OIDC connection's issuer or client id checks the provider again and keeps the stored client secret unless `clientSecret` is sent. `enabled: false` stops new sign-ins through it.",
    tags: ['Single sign-on'],
    access: 'tenant.update',
    errors: ['conflict'],
    params: ssoConnectionParamsSchema,
    body: updateSsoConnectionSchema,
    response: ssoConnectionSchema,
  },
  async ({ ctx, params, body }) => updateSsoConnection(ctx, params.id, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/sso-connections/{id}',
    summary: 'Remove a single sign-on connection',
    description: 'People it provisioned keep their accounts and memberships; new sign-ins through it stop.',
    tags: ['Single sign-on'],
    access: 'tenant.update',
    params: ssoConnectionParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteSsoConnection(ctx, params.id),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
