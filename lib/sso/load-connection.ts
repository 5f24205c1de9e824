import { and, eq } from 'drizzle-orm';
import { ssoConnections, type OidcConnectionConfig, type SamlConnectionConfig, type SsoGroupTeamMapping } from '@/db/schema';
import { isUuid } from '@/lib/keyset-cursor';
import { TENANT_ID_LED_NOWHERE, withTenantOfSlug } from '@/lib/tenancy/find-tenant';
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
  // No such connection may also mean a remembered slug of a wiped-out tenant: withTenantOfSlug then tries the slug's
  // current tenant.
  return withTenantOfSlug(tenantSlug, (tenantId) =>
    withTenant(tenantId, async (tx): Promise<LoadedSsoConnection | null | typeof TENANT_ID_LED_NOWHERE> => {
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
      if (!row) return TENANT_ID_LED_NOWHERE;
      if (!row.enabled || row.tenantStatus !== 'active' || row.tenantSlug !== tenantSlug) return null;
      const { tenantSlug: slug, tenantName, tenantStatus: _status, ...rest } = row;
      return { ...rest, tenant: { id: tenantId, slug, name: tenantName } } as LoadedSsoConnection;
    }),
  );
}

/** The OIDC client secret of a loaded connection, or null (SAML, or sealed under another AUTH_SECRET). */
export function openClientSecret(connection: Pick<LoadedSsoConnection, 'type' | 'secretCiphertext'>): string | null {
  return connection.type === 'oidc' ? openOidcClientSecret(connection.secretCiphertext) : null;
}
