import { and, eq } from 'drizzle-orm';
import { apiKeys } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { requirePermission } from './require-permission';

/**
 * `DELETE /api/v1/tenants/{tenant}/api-keys/{id}`: revoke a key; it stops working on its next request.
 * Needs `api_keys.manage`. Unknown or another tenant's id: 404. Revoking a revoked key changes nothing
 * (still 204, no second audit event). Audited as `api_key.revoked`.
 */
export async function revokeApiKey(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'api_keys.manage');
  const [row] = await ctx.db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, ctx.tenant.id)))
    .limit(1);
  if (!row) throw notFound('API key');
  if (row.revokedAt) return;
  const at = now();
  await ctx.db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, row.id));
  await recordAudit(ctx, {
    action: 'api_key.revoked',
    targetType: 'api_key',
    targetId: row.id,
    before: { name: row.name, prefix: row.prefix, revokedAt: null },
    after: { name: row.name, prefix: row.prefix, revokedAt: at.toISOString() },
  });
}
