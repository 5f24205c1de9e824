import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { apiKeys } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { withApiKeyPrefix } from '@/lib/tenancy/with-api-key-prefix';
import { apiKeyMatches, parseApiKey } from './api-key-format';

/** lastUsedAt is written at most this often per key. */
const LAST_USED_GRANULARITY_MS = 60_000;

type ApiKeyActor = Extract<Actor, { type: 'api_key' }>;

/**
 * The key row with this public prefix, as far as the transaction's row-level security shows it: inside a
 * tenant transaction only that tenant's keys, inside withApiKeyPrefix only the row with that prefix.
 */
export async function selectApiKeyByPrefix(tx: Tx, prefix: string) {
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
      /** The creator's account is deactivated (platform admins): the key is refused like a revoked one. */
      creatorDeactivated: sql<boolean>`exists (select 1 from users u where u.id = ${apiKeys.createdBy} and u.deactivated_at is not null)`,
    })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  return row ?? null;
}

type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof selectApiKeyByPrefix>>>;

/**
 * The presented key against its row: null (401) when the secret is wrong (constant-time comparison of
 * hashes), or the key is revoked or expired. Otherwise the key's Actor: it acts for its creator
 * (`userId`) on its own tenant only; tenant-context.ts intersects its scopes with what the creator holds now.
 * A key whose creator's account is deactivated is refused too (401).
 */
export function apiKeyActor(credential: string, row: ApiKeyRow | null): ApiKeyActor | null {
  if (!row || !apiKeyMatches(credential, row.keyHash)) return null;
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now()) || row.creatorDeactivated) return null;
  return { type: 'api_key', id: row.id, name: row.name, userId: row.createdBy, tenantId: row.tenantId, scopes: row.permissions };
}

/** Write lastUsedAt, at most once a minute per key. `tx` must be able to write the key's tenant rows. */
export async function touchApiKey(tx: Tx, row: ApiKeyRow): Promise<void> {
  const at = now();
  const stale = new Date(at.getTime() - LAST_USED_GRANULARITY_MS);
  if (row.lastUsedAt && row.lastUsedAt >= stale) return;
  await tx
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
}

/**
 * `Authorization: Bearer ck_…` → the key's Actor, or null (401), before its tenant is known: looked up by
 * its prefix in a transaction of its own (lib/tenancy/with-api-key-prefix.ts). Routes outside a tenant use
 * this; tenant routes read the key inside the tenant's own transaction instead (tenant-context.ts).
 */
export async function resolveApiKey(credential: string): Promise<ApiKeyActor | null> {
  const parsed = parseApiKey(credential);
  if (!parsed) return null;
  return withApiKeyPrefix(parsed.prefix, async (tx) => {
    const row = await selectApiKeyByPrefix(tx, parsed.prefix);
    const actor = apiKeyActor(credential, row);
    if (!actor || !row) return null;
    // The row is now known: name its tenant so the policy's WITH CHECK accepts the update.
    if (!row.lastUsedAt || row.lastUsedAt.getTime() < now().getTime() - LAST_USED_GRANULARITY_MS) {
      await tx.execute(sql`select set_config('app.tenant_id', ${row.tenantId}, true)`);
      await touchApiKey(tx, row);
    }
    return actor;
  });
}
