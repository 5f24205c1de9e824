import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { apiKeys } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { withApiKeyPrefix } from '@/lib/tenancy/with-api-key-prefix';
import { apiKeyMatches, parseApiKey } from './api-key-format';

/** lastUsedAt is written at most this often per key. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * `Authorization: Bearer ck_…` → the key's Actor, or null (401) when the key is malformed, unknown,
 * its secret is wrong (constant-time comparison of hashes), revoked or expired. The key acts for its
 * creator (`userId`) on its own tenant only; tenant-context.ts intersects its scopes with what the
 * creator holds now.
 */
export async function resolveApiKey(credential: string): Promise<Actor | null> {
  const parsed = parseApiKey(credential);
  if (!parsed) return null;
  return withApiKeyPrefix(parsed.prefix, async (tx) => {
    const [row] = await tx
      .select({
        id: apiKeys.id,
        tenantId: apiKeys.tenantId,
        name: apiKeys.name,
        keyHash: apiKeys.keyHash,
        createdBy: apiKeys.createdBy,
        permissions: apiKeys.permissions,
        expiresAt: apiKeys.expiresAt,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.prefix, parsed.prefix))
      .limit(1);
    if (!row || !apiKeyMatches(credential, row.keyHash)) return null;
    const at = now();
    if (row.revokedAt || (row.expiresAt && row.expiresAt <= at)) return null;
    const stale = new Date(at.getTime() - LAST_USED_GRANULARITY_MS);
    if (!row.lastUsedAt || row.lastUsedAt < stale) {
      // The row is now known: name its tenant so the policy's WITH CHECK accepts the update.
      await tx.execute(sql`select set_config('app.tenant_id', ${row.tenantId}, true)`);
      await tx
        .update(apiKeys)
        .set({ lastUsedAt: at })
        .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
    }
    return {
      type: 'api_key' as const,
      id: row.id,
      name: row.name,
      userId: row.createdBy,
      tenantId: row.tenantId,
      scopes: row.permissions,
    };
  });
}
