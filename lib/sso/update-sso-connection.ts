import { and, eq, sql } from 'drizzle-orm';
import { ssoConnections, type OidcConnectionConfig, type SamlConnectionConfig } from '@/db/schema';
import { assertMayGive } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { resolveRoleRefs } from '@/lib/access/resolve-role-refs';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { rolesPermissions } from '@/lib/tenancy/team-queries';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { parseInput } from '@/lib/validation';
import { assertTeamsExist, loadConnection, snapshotConnection } from './connection-queries';
import { assertConnectionMayGo } from './domains/sso-required';
import { openOidcClientSecret, prepareOidcConnection } from './oidc/prepare-connection';
import { prepareSamlConnection } from './saml/prepare-connection';
import { OIDC_ONLY_FIELDS, SAML_ONLY_FIELDS, updateSsoConnectionSchema, type UpdateSsoConnectionInput } from './schemas';
import type { SsoConnectionView } from './types';

/**
 * Change an identity provider: name, on/off, just-in-time provisioning, default roles (only roles the actor may give),
 * group → team mappings, and its type's own fields, checked again against the IdP by the type's prepare function
 * (OIDC: a new issuer or client id keeps the stored secret unless a new one is sent). The type never changes: a field
 * of the other type is a 400 naming it. Needs tenant.update; another tenant's id: 404. Audited `sso_connection.updated`.
 */
export async function updateSsoConnection(ctx: TenantContext, id: string, input: UpdateSsoConnectionInput): Promise<SsoConnectionView> {
  requirePermission(ctx, 'tenant.update');
  const data = parseInput(updateSsoConnectionSchema, input);
  const { view: before, row } = await loadConnection(ctx.db, ctx.tenant, id);
  const foreign = row.type === 'oidc' ? SAML_ONLY_FIELDS : OIDC_ONLY_FIELDS;
  const wrong = foreign.filter((field) => data[field] !== undefined);
  if (wrong.length > 0) {
    throw validationFailed(
      wrong.map((field) => ({ path: field, message: `Not a field of ${row.type === 'oidc' ? 'an OIDC' : 'a SAML'} connection.` })),
    );
  }

  const changes: Partial<typeof ssoConnections.$inferInsert> = {};
  if (data.name !== undefined) changes.name = data.name;
  if (data.enabled !== undefined) {
    if (data.enabled === false) await assertConnectionMayGo(ctx, row);
    changes.enabled = data.enabled;
  }
  if (data.jitProvisioning !== undefined) changes.jitProvisioning = data.jitProvisioning;
  if (data.defaultRoles !== undefined) {
    const roleIds = await resolveRoleRefs(ctx.db, ctx.tenant.id, data.defaultRoles, 'defaultRoles');
    const current = new Set(row.defaultRoleIds);
    assertMayGive(
      ctx,
      await rolesPermissions(
        ctx,
        roleIds.filter((r) => !current.has(r)),
      ),
    );
    changes.defaultRoleIds = roleIds;
  }
  if (data.groupTeamMappings !== undefined) {
    await assertTeamsExist(ctx.db, ctx.tenant.id, data.groupTeamMappings);
    changes.groupTeamMappings = data.groupTeamMappings;
  }

  if (row.type === 'oidc' && OIDC_ONLY_FIELDS.some((field) => data[field] !== undefined)) {
    const config = row.config as OidcConnectionConfig;
    const clientSecret = data.clientSecret ?? openOidcClientSecret(row.secretCiphertext);
    if (!clientSecret) {
      throw validationFailed([{ path: 'clientSecret', message: 'The stored client secret can no longer be read: enter it again.' }]);
    }
    const prepared = await prepareOidcConnection({
      issuer: data.issuer ?? config.issuer,
      clientId: data.clientId ?? config.clientId,
      clientSecret,
      scopes: data.scopes ?? config.scopes,
      groupsClaim: data.groupsClaim ?? config.groupsClaim,
    });
    changes.config = prepared.config;
    changes.secretCiphertext = prepared.secretCiphertext;
  }
  if (row.type === 'saml') {
    const config = row.config as SamlConnectionConfig;
    if (data.metadataXml !== undefined || data.metadataUrl !== undefined) {
      const prepared = await prepareSamlConnection({
        metadataXml: data.metadataXml,
        metadataUrl: data.metadataUrl,
        groupsAttribute: data.groupsAttribute ?? config.groupsAttribute,
      });
      changes.config = prepared.config;
    } else if (data.groupsAttribute !== undefined) {
      changes.config = { ...config, groupsAttribute: data.groupsAttribute };
    }
  }

  if (Object.keys(changes).length > 0) {
    await uniqueOr409(
      ctx.db
        .update(ssoConnections)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(and(eq(ssoConnections.tenantId, ctx.tenant.id), eq(ssoConnections.id, id))),
      `A connection named ${data.name} already exists.`,
    );
  }
  const { view: after } = await loadConnection(ctx.db, ctx.tenant, id);
  await recordAudit(ctx, {
    action: 'sso_connection.updated',
    targetType: 'sso_connection',
    targetId: id,
    before: snapshotConnection(before),
    after: { ...snapshotConnection(after), ...(changes.secretCiphertext && data.clientSecret ? { clientSecretReplaced: true } : {}) },
  });
  return after;
}
