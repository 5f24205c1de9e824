import { and, eq } from 'drizzle-orm';
import { ssoConnections, type OidcConnectionConfig, type SamlConnectionConfig, type SsoGroupTeamMapping } from '@/db/schema';
import { isUuid } from '@/lib/keyset-cursor';
import { tenantIdForSlug } from '@/lib/tenancy/find-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { tenants } from '@/db/schema';
import { openOidcClientSecret } from './oidc/prepare-connection';

type ConnectionBase = {
  id: string;
  tenant: { id: string; slug: string; name: string };
  name: string;
  enabled: boolean;
  jitProvisioning: boolean;
  defaultRoleIds: string[];
  groupTeamMappings: SsoGroupTeamMapping[];
  /** Sealed (lib/sso/connection-secret.ts); open with `openClientSecret`. */
  secretCiphertext: string | null;
};

/** An enabled connection of an active tenant, as the public sign-in routes (start, callback, ACS) need it. */
export type LoadedSsoConnection =
  (ConnectionBase & { type: 'oidc'; config: OidcConnectionConfig }) | (ConnectionBase & { type: 'saml'; config: SamlConnectionConfig });

/**
 * The connection behind `/sso/{tenant}/{connection}/…`, read without a signed-in person (these routes are public):
 * inside the tenant's own transaction, so row-level security shows only that tenant's connections. Null when the
 * tenant is unknown or suspended, the id is not this tenant's connection, or the connection is disabled.
 */
export async function loadSsoConnection(tenantSlug: string, connectionId: string): Promise<LoadedSsoConnection | null> {
  if (!isUuid(connectionId)) return null;
  const tenantId = await tenantIdForSlug(tenantSlug);
  if (!tenantId) return null;
  return withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({
        id: ssoConnections.id,
        type: ssoConnections.type,
        name: ssoConnections.name,
        enabled: ssoConnections.enabled,
        jitProvisioning: ssoConnections.jitProvisioning,
        defaultRoleIds: ssoConnections.defaultRoleIds,
        groupTeamMappings: ssoConnections.groupTeamMappings,
        config: ssoConnections.config,
        secretCiphertext: ssoConnections.secretCiphertext,
        tenantSlug: tenants.slug,
        tenantName: tenants.name,
        tenantStatus: tenants.status,
      })
      .from(ssoConnections)
      .innerJoin(tenants, eq(tenants.id, ssoConnections.tenantId))
      .where(and(eq(ssoConnections.tenantId, tenantId), eq(ssoConnections.id, connectionId.toLowerCase())))
      .limit(1);
    if (!row || !row.enabled || row.tenantStatus !== 'active' || row.tenantSlug !== tenantSlug) return null;
    const { tenantSlug: slug, tenantName, tenantStatus: _status, ...rest } = row;
    return { ...rest, tenant: { id: tenantId, slug, name: tenantName } } as LoadedSsoConnection;
  });
}

/** The OIDC client secret of a loaded connection, or null (SAML, or sealed under another AUTH_SECRET). */
export function openClientSecret(connection: Pick<LoadedSsoConnection, 'type' | 'secretCiphertext'>): string | null {
  return connection.type === 'oidc' ? openOidcClientSecret(connection.secretCiphertext) : null;
}
