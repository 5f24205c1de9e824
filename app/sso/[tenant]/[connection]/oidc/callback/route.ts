import { handleOidcCallback } from '@/lib/sso/oidc/callback';

/**
 * The redirect URI of a tenant's OIDC connection (public: the provider sends the person back here with a code).
 * lib/sso/oidc/callback.ts checks the answer and signs the person in, or leads to the refusal page.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; connection: string }> }): Promise<Response> {
  const { tenant, connection } = await params;
  return handleOidcCallback(tenant, connection, request);
}
