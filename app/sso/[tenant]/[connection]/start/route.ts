import { loadSsoConnection } from '@/lib/sso/load-connection';
import { startOidcSignIn } from '@/lib/sso/oidc/start-sign-in';
import { ssoRefusalResponse } from '@/lib/sso/refusal';
import { startSamlSignIn } from '@/lib/sso/saml/start-sign-in';

/**
 * Where an SSO sign-in begins (public; the email-first sign-in page sends people here with `login_hint` and
 * `returnTo`): the tenant's enabled connection hands over to its IdP (a redirect). An unknown or disabled connection,
 * or a suspended tenant, leads to the refusal page, never to an error.
 */
export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; connection: string }> }): Promise<Response> {
  const { tenant, connection: connectionId } = await params;
  const connection = await loadSsoConnection(tenant, connectionId);
  if (!connection) return ssoRefusalResponse('connection_unavailable');
  return connection.type === 'oidc' ? startOidcSignIn(connection, request) : startSamlSignIn(connection, request);
}
