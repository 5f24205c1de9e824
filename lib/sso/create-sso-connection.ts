import { ssoConnections } from '@/db/schema';
import { assertMayGive } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { resolveRoleRefs } from '@/lib/access/resolve-role-refs';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { rolesPermissions } from '@/lib/tenancy/team-queries';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { parseInput } from '@/lib/validation';
import { assertTeamsExist, loadConnection, snapshotConnection } from './connection-queries';
import { prepareOidcConnection } from './oidc/prepare-connection';
import { prepareSamlConnection } from './saml/prepare-connection';
import { createSsoConnectionSchema, type CreateSsoConnectionInput } from './schemas';
import type { SsoConnectionView } from './types';

/**
 * Add an identity provider to the tenant (OIDC or SAML). Needs tenant.update. The common fields are checked here
 * (default roles by id or name, each one the actor may give; mapped teams of this tenant); the type's own fields by
 * its prepare function, which reaches the IdP (OIDC discovery, SAML metadata) and seals the OIDC client secret.
 * Any bad field: 400 naming it, nothing written. A name already used: 409. Audited `sso_connection.created`.
 */
export async function createSsoConnection(ctx: TenantContext, input: CreateSsoConnectionInput): Promise<SsoConnectionView> {
  requirePermission(ctx, 'tenant.update');
  const data = parseInput(createSsoConnectionSchema, input);
  const defaultRoleIds = await resolveRoleRefs(ctx.db, ctx.tenant.id, data.defaultRoles ?? [], 'defaultRoles');
  assertMayGive(ctx, await rolesPermissions(ctx, defaultRoleIds));
  const groupTeamMappings = data.groupTeamMappings ?? [];
  await assertTeamsExist(ctx.db, ctx.tenant.id, groupTeamMappings);
  const prepared =
    data.type === 'oidc'
      ? await prepareOidcConnection({
          issuer: data.issuer,
          clientId: data.clientId,
          clientSecret: data.clientSecret,
          scopes: data.scopes,
          groupsClaim: data.groupsClaim,
        })
      : await prepareSamlConnection({
          metadataXml: data.metadataXml,
          metadataUrl: data.metadataUrl,
          groupsAttribute: data.groupsAttribute,
        });
  const [row] = await uniqueOr409(
    ctx.db
      .insert(ssoConnections)
      .values({
        tenantId: ctx.tenant.id,
        type: data.type,
        name: data.name,
        enabled: data.enabled ?? true,
        jitProvisioning: data.jitProvisioning ?? true,
        defaultRoleIds,
        groupTeamMappings,
        config: prepared.config,
        secretCiphertext: prepared.secretCiphertext,
      })
      .returning({ id: ssoConnections.id }),
    `A connection named ${data.name} already exists.`,
  );
  const { view } = await loadConnection(ctx.db, ctx.tenant, row.id);
  await recordAudit(ctx, {
    action: 'sso_connection.created',
    targetType: 'sso_connection',
    targetId: row.id,
    before: null,
    after: snapshotConnection(view),
  });
  return view;
}
