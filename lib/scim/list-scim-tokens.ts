import { desc, eq } from 'drizzle-orm';
import { scimTokens, users } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { appUrl } from '@/lib/email/outbox';
import { SCIM_TOKEN_PERMISSION, scimBaseUrl, scimTokenStatus } from './policy';
import type { ScimTokenList } from './token-schemas';

/**
 * `GET /api/v1/tenants/{tenant}/scim-tokens`: the tenant's SCIM tokens, revoked ones included, newest first, with
 * the SCIM base URL to give the directory. Needs `tenant.update`. Never the token nor its hash.
 */
export async function listScimTokens(ctx: TenantContext): Promise<ScimTokenList> {
  requirePermission(ctx, SCIM_TOKEN_PERMISSION);
  const rows = await ctx.db
    .select({
      id: scimTokens.id,
      name: scimTokens.name,
      prefix: scimTokens.prefix,
      createdAt: scimTokens.createdAt,
      lastUsedAt: scimTokens.lastUsedAt,
      revokedAt: scimTokens.revokedAt,
      creatorId: users.id,
      creatorName: users.name,
    })
    .from(scimTokens)
    .leftJoin(users, eq(users.id, scimTokens.createdBy))
    .where(eq(scimTokens.tenantId, ctx.tenant.id))
    .orderBy(desc(scimTokens.createdAt), desc(scimTokens.id));
  return {
    scimBaseUrl: scimBaseUrl(appUrl('/'), ctx.tenant.slug),
    data: rows.map((row) => ({
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdBy: row.creatorId ? { id: row.creatorId, name: row.creatorName ?? '' } : null,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      status: scimTokenStatus(row),
    })),
  };
}
