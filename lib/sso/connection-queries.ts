import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { roles, ssoConnections, teams, type OidcConnectionConfig, type SamlConnectionConfig } from '@/db/schema';
import { validationFailed, notFound, type FieldError } from '@/lib/errors';
import type { SsoConnectionView } from './types';
import { oidcRedirectUri, samlAcsUrl, samlSpEntityId, ssoStartUrl } from './urls';

type ConnectionRow = typeof ssoConnections.$inferSelect;

const viewColumns = {
  id: ssoConnections.id,
  type: ssoConnections.type,
  name: ssoConnections.name,
  enabled: ssoConnections.enabled,
  jitProvisioning: ssoConnections.jitProvisioning,
  defaultRoleIds: ssoConnections.defaultRoleIds,
  groupTeamMappings: ssoConnections.groupTeamMappings,
  config: ssoConnections.config,
  secretCiphertext: ssoConnections.secretCiphertext,
  createdAt: ssoConnections.createdAt,
  updatedAt: ssoConnections.updatedAt,
};
type ViewRow = Pick<ConnectionRow, keyof typeof viewColumns>;

/** The config as shown: only the documented fields of its type (never a secret, nothing the IdP helpers add later). */
function shownConfig(row: ViewRow): SsoConnectionView['config'] {
  if (row.type === 'oidc') {
    const c = row.config as OidcConnectionConfig;
    return {
      issuer: c.issuer,
      clientId: c.clientId,
      ...(c.scopes ? { scopes: c.scopes } : {}),
      ...(c.groupsClaim ? { groupsClaim: c.groupsClaim } : {}),
    };
  }
  const c = row.config as SamlConnectionConfig;
  return {
    idpEntityId: c.idpEntityId,
    idpSsoUrl: c.idpSsoUrl,
    idpCertificates: c.idpCertificates ?? [],
    ...(c.metadataUrl ? { metadataUrl: c.metadataUrl } : {}),
    ...(c.groupsAttribute ? { groupsAttribute: c.groupsAttribute } : {}),
  };
}

function toView(row: ViewRow, tenantSlug: string, roleNames: Map<string, string>): SsoConnectionView {
  const urls =
    row.type === 'oidc'
      ? { redirectUri: oidcRedirectUri(tenantSlug, row.id) }
      : {
          spEntityId: samlSpEntityId(tenantSlug, row.id),
          spMetadataUrl: samlSpEntityId(tenantSlug, row.id),
          acsUrl: samlAcsUrl(tenantSlug, row.id),
        };
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    enabled: row.enabled,
    jitProvisioning: row.jitProvisioning,
    defaultRoleIds: row.defaultRoleIds,
    defaultRoles: row.defaultRoleIds.filter((id) => roleNames.has(id)).map((id) => ({ id, name: roleNames.get(id)! })),
    groupTeamMappings: row.groupTeamMappings,
    config: shownConfig(row),
    hasClientSecret: row.secretCiphertext !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startUrl: ssoStartUrl(tenantSlug, row.id),
    ...urls,
  };
}

async function roleNamesOf(db: Queryable, tenantId: string, rows: ViewRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => r.defaultRoleIds))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: roles.id, name: roles.name })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
  return new Map(found.map((r) => [r.id, r.name]));
}

/** The tenant's connections, by name. */
export async function selectConnections(db: Queryable, tenant: { id: string; slug: string }): Promise<SsoConnectionView[]> {
  const rows = await db
    .select(viewColumns)
    .from(ssoConnections)
    .where(eq(ssoConnections.tenantId, tenant.id))
    .orderBy(asc(ssoConnections.name), asc(ssoConnections.id));
  const names = await roleNamesOf(db, tenant.id, rows);
  return rows.map((row) => toView(row, tenant.slug, names));
}

/** One connection of the tenant with its stored row (for updates), or 404. */
export async function loadConnection(
  db: Queryable,
  tenant: { id: string; slug: string },
  id: string,
): Promise<{ view: SsoConnectionView; row: ViewRow }> {
  const [row] = await db
    .select(viewColumns)
    .from(ssoConnections)
    .where(and(eq(ssoConnections.tenantId, tenant.id), eq(ssoConnections.id, id)))
    .limit(1);
  if (!row) throw notFound('SSO connection');
  return { view: toView(row, tenant.slug, await roleNamesOf(db, tenant.id, [row])), row };
}

/** Mapped teams must be the tenant's: an unknown team is a 400 naming `groupTeamMappings.i.teamId`. */
export async function assertTeamsExist(db: Queryable, tenantId: string, mappings: readonly { teamId: string }[]): Promise<void> {
  if (mappings.length === 0) return;
  const ids = [...new Set(mappings.map((m) => m.teamId))];
  const found = new Set(
    (
      await db
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.tenantId, tenantId), inArray(teams.id, ids)))
    ).map((t) => t.id),
  );
  const errors: FieldError[] = [];
  mappings.forEach((m, i) => {
    if (!found.has(m.teamId)) errors.push({ path: `groupTeamMappings.${i}.teamId`, message: 'No team with this id in this tenant.' });
  });
  if (errors.length > 0) throw validationFailed(errors);
}

/** What the trail keeps of a connection: its settings, role names, never a secret. */
export function snapshotConnection(view: SsoConnectionView) {
  return {
    type: view.type,
    name: view.name,
    enabled: view.enabled,
    jitProvisioning: view.jitProvisioning,
    defaultRoles: view.defaultRoles.map((r) => r.name).sort(),
    groupTeamMappings: view.groupTeamMappings,
    config: view.config,
  };
}
