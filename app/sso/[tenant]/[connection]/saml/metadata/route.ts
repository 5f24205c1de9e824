import { loadSsoConnection } from '@/lib/sso/load-connection';
import { samlServiceProviderMetadata } from '@/lib/sso/saml/service-provider';

/**
 * The SAML service provider metadata of a tenant's SAML connection (public: the IdP's administrator imports it, or the
 * IdP reads it). Its URL is also the SP's entity id. 404 for an unknown, disabled or non-SAML connection.
 */
export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; connection: string }> }): Promise<Response> {
  const { tenant, connection: connectionId } = await params;
  const connection = await loadSsoConnection(tenant, connectionId);
  if (!connection || connection.type !== 'saml') {
    return new Response('No such SAML connection.\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  return new Response(samlServiceProviderMetadata(connection), {
    status: 200,
    headers: {
      'content-type': 'application/samlmetadata+xml; charset=utf-8',
      'content-disposition': `inline; filename="custos-${tenant}-sp-metadata.xml"`,
      'cache-control': 'no-store',
    },
  });
}
