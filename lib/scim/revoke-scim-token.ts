import { and, eq } from 'drizzle-orm';
import { scimTokens } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { SCIM_TOKEN_PERMISSION } from './policy';
import { scimTokenParamsSchema } from './token-schemas';

/**
 * `DELETE /api/v1/tenants/{tenant}/scim-tokens/{id}`: revoke a SCIM token; the directory's next request with it is
 * 401. Needs `tenant.update`. Unknown or another tenant's id: 404. Revoking a revoked token changes nothing (204, no
 * second audit event). Audited as `scim_token.revoked`.
 */
export async function revokeScimToken(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, SCIM_TOKEN_PERMISSION);
  parseInput(scimTokenParamsSchema.pick({ id: true }), { id });
  const [row] = await ctx.db
    .select({ id: scimTokens.id, name: scimTokens.name, prefix: scimTokens.prefix, revokedAt: scimTokens.revokedAt })
    .from(scimTokens)
    .where(and(eq(scimTokens.id, id), eq(scimTokens.tenantId, ctx.tenant.id)))
    .limit(1);
  if (!row) throw notFound('SCIM token');
  if (row.revokedAt) return;
  const at = now();
  await ctx.db.update(scimTokens).set({ revokedAt: at }).where(eq(scimTokens.id, row.id));
  await recordAudit(ctx, {
    action: 'scim_token.revoked',
    targetType: 'scim_token',
    targetId: row.id,
    before: { name: row.name, prefix: row.prefix, revokedAt: null },
    after: { name: row.name, prefix: row.prefix, revokedAt: at.toISOString() },
  });
}
