import { eq } from 'drizzle-orm';
import { oidcClients } from '@/db/schema/oidc';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { auditSnapshot, clientOfSystem, systemBySlug } from './client-queries';

/**
 * `DELETE …/systems/{slug}/clients/{clientId}`: remove a client. Its tokens stop working at the provider, because
 * the client no longer resolves (refresh and introspection fail for an unknown client). Needs `systems.manage`;
 * audited as `oidc_client.deleted`.
 */
export async function deleteOidcClient(ctx: TenantContext, slug: string, clientId: string): Promise<void> {
  requirePermission(ctx, 'systems.manage');
  const system = await systemBySlug(ctx.db, ctx.tenant.id, slug);
  const row = await clientOfSystem(ctx.db, ctx.tenant.id, system.id, clientId, { lock: true });
  await ctx.db.delete(oidcClients).where(eq(oidcClients.id, row.id));
  await recordAudit(ctx, {
    action: 'oidc_client.deleted',
    targetType: 'oidc_client',
    targetId: row.id,
    before: auditSnapshot(row, system.slug),
    after: null,
  });
}
