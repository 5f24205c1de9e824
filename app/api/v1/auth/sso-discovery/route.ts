import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { discoverSso } from '@/lib/sso/domains/discover-sso';
import { ssoDiscoveryResultSchema, ssoDiscoverySchema } from '@/lib/sso/domains/schemas';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/sso-discovery',
    summary: "Where an email signs in: its tenant's SSO, or here",
    description:
      "When the email's domain is verified by a tenant with an enabled SSO connection: `{sso: {url}}`, the connection's start address with the email as `login_hint`. Otherwise `{sso: null}`: sign in with a password or passkey. The answer depends on the domain alone, never on whether an account exists.",
    tags: ['Auth'],
    access: 'public',
    body: ssoDiscoverySchema,
    response: ssoDiscoveryResultSchema,
  },
  async ({ body }) => discoverSso(body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
