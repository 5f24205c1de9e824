import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { systems } from '@/db/schema/access';
import { oidcClients, type OidcGrantType } from '@/db/schema/oidc';
import { tenants } from '@/db/schema/tenancy';
import { openClientSecret } from './client-secret';

export type ProviderClient = {
  id: string;
  clientId: string;
  name: string;
  type: 'confidential' | 'public';
  tenantId: string;
  tenantSlug: string;
  systemId: string;
  systemSlug: string;
  systemName: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: OidcGrantType[];
  firstParty: boolean;
  /** Confidential clients: the secret in clear (the provider compares it); null for public clients. */
  secret: string | null;
};

/**
 * The client with this public id, read across tenants on the owner connection (getDb(), before any tenant is known).
 * null when unknown, its tenant is suspended, its system is inactive (systems.active false), or its secret does not
 * open (AUTH_SECRET changed). One query.
 */
export async function findClientForProvider(clientId: string): Promise<ProviderClient | null> {
  // Only ids of our own shape are looked up: anything else is unknown without a round trip.
  if (!/^cus_[A-Za-z0-9_-]{22}$/.test(clientId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      id: oidcClients.id,
      clientId: oidcClients.clientId,
      name: oidcClients.name,
      type: oidcClients.type,
      tenantId: oidcClients.tenantId,
      tenantSlug: tenants.slug,
      systemId: oidcClients.systemId,
      systemSlug: systems.slug,
      systemName: systems.name,
      redirectUris: oidcClients.redirectUris,
      postLogoutRedirectUris: oidcClients.postLogoutRedirectUris,
      grantTypes: oidcClients.grantTypes,
      firstParty: oidcClients.firstParty,
      secretSealed: oidcClients.secretSealed,
    })
    .from(oidcClients)
    .innerJoin(systems, and(eq(systems.id, oidcClients.systemId), eq(systems.tenantId, oidcClients.tenantId)))
    .innerJoin(tenants, eq(tenants.id, oidcClients.tenantId))
    .where(and(eq(oidcClients.clientId, clientId), eq(tenants.status, 'active'), eq(systems.active, true)))
    .limit(1);
  if (!row) return null;
  const { secretSealed, ...client } = row;
  if (client.type === 'public') return { ...client, secret: null };
  // A confidential client without a secret that opens cannot authenticate: it does not resolve at all.
  const secret = secretSealed ? openClientSecret(secretSealed, client.id) : null;
  if (secret === null) return null;
  return { ...client, secret };
}
