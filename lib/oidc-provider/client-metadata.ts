import type { ProviderClient } from '@/lib/oidc-clients/find-client-for-provider';

/**
 * What Custos adds to a client's OpenID metadata (oidc-provider's `extraClientMetadata`, one property): the tenant and
 * system the client belongs to. Read back with `custosOf(client)` wherever the provider hands us a client.
 */
export type CustosClientFacts = {
  tenantId: string;
  tenantSlug: string;
  systemId: string;
  systemSlug: string;
  systemName: string;
  firstParty: boolean;
};

export const CUSTOS_METADATA = 'custos';

/** The resource indicator of a system: the audience its access tokens are for (RFC 8707). */
export function systemResource(systemSlug: string): string {
  return `urn:custos:system:${systemSlug}`;
}

/** oidc-provider client metadata for a Custos client (a fresh object per lookup: nothing is cached across requests). */
export function clientMetadata(client: ProviderClient): Record<string, unknown> {
  const codeFlow = client.grantTypes.includes('authorization_code');
  const facts: CustosClientFacts = {
    tenantId: client.tenantId,
    tenantSlug: client.tenantSlug,
    systemId: client.systemId,
    systemSlug: client.systemSlug,
    systemName: client.systemName,
    firstParty: client.firstParty,
  };
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.type === 'confidential' && client.secret ? { client_secret: client.secret } : {}),
    // Public clients authenticate with nothing and must use PKCE; confidential ones with their secret (basic or post).
    token_endpoint_auth_method: client.type === 'public' ? 'none' : 'client_secret_basic',
    grant_types: client.grantTypes,
    response_types: codeFlow ? ['code'] : [],
    redirect_uris: codeFlow ? client.redirectUris : [],
    post_logout_redirect_uris: codeFlow ? client.postLogoutRedirectUris : [],
    [CUSTOS_METADATA]: facts,
  };
}

/** The Custos facts of a client the provider resolved (through clientMetadata), or null for anything else. */
export function custosOf(client: unknown): CustosClientFacts | null {
  if (!client || typeof client !== 'object') return null;
  const facts = (client as Record<string, unknown>)[CUSTOS_METADATA];
  if (!facts || typeof facts !== 'object') return null;
  return facts as CustosClientFacts;
}
