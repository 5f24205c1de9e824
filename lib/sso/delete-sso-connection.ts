import { and, eq } from 'drizzle-orm';
import { ssoConnections } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { loadConnection, snapshotConnection } from './connection-queries';
import { assertConnectionMayGo } from './domains/sso-required';

/**
 * Remove an identity provider. Needs tenant.update; another tenant's or an unknown id: 404. Its identities (who each
 * IdP subject is) and SAML replay records go with it; the accounts and memberships it provisioned stay. Sessions
 * signed in through it run on until they end or are revoked. The last enabled connection of a tenant that requires SSO
 * cannot go (409). Audited `sso_connection.deleted`.
 */
export async function deleteSsoConnection(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'tenant.update');
  const { view } = await loadConnection(ctx.db, ctx.tenant, id);
  await assertConnectionMayGo(ctx, view);
  await ctx.db.delete(ssoConnections).where(and(eq(ssoConnections.tenantId, ctx.tenant.id), eq(ssoConnections.id, id)));
  await recordAudit(ctx, {
    action: 'sso_connection.deleted',
    targetType: 'sso_connection',
    targetId: id,
    before: snapshotConnection(view),
    after: null,
  });
}
