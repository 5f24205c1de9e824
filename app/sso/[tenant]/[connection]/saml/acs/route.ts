import { loadSsoConnection } from '@/lib/sso/load-connection';
import { ssoRefusalResponse } from '@/lib/sso/refusal';
import { consumeSamlResponse } from '@/lib/sso/saml/consume-response';

/**
 * The assertion consumer service of a tenant's SAML connection: the IdP's signed answer arrives here as a form the
 * person's browser posts from the IdP's page (a cross-site POST by design; no session cookie is involved, so the
 * API's same-origin check does not apply). lib/sso/saml/consume-response.ts checks it and signs the person in, or
 * leads to the refusal page.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string; connection: string }> }): Promise<Response> {
  const { tenant, connection: connectionId } = await params;
  const connection = await loadSsoConnection(tenant, connectionId);
  if (!connection || connection.type !== 'saml') return ssoRefusalResponse('connection_unavailable');
  return consumeSamlResponse(connection, request);
}
