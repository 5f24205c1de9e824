import { and, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
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
export async function selectApiKeyByPrefix(tx: Tx, prefix: string): Promise<ApiKeyRow | null> {
  const [row] = rowsOf<ApiKeyQueryRow>(await tx.execute(apiKeyByPrefixQuery(prefix)));
  return apiKeyOfRow(row);
}

/** selectApiKeyByPrefix's query, for a statement that loads more beside it (lib/tenancy/api-key-facts.ts); one row or none. */
export function apiKeyByPrefixQuery(prefix: string): SQL {
  return sql`
    select k.id, k.tenant_id, k.name, k.key_hash, k.created_by, k.permissions, k.expires_at, k.last_used_at, k.revoked_at,
           -- The creator's account is deactivated (platform admins): the key is refused like a revoked one.
           exists (select 1 from users u where u.id = k.created_by and u.deactivated_at is not null) as creator_deactivated
      from api_keys k
     where k.prefix = ${prefix}
     limit 1`;
}

/** A row of apiKeyByPrefixQuery (timestamps as text from postgres.js and in JSON, as Date from PGlite). */
export type ApiKeyQueryRow = {
  id: string;
  tenant_id: string;
  name: string;
  key_hash: string;
  created_by: string;
  permissions: string[];
  expires_at: string | Date | null;
  last_used_at: string | Date | null;
  revoked_at: string | Date | null;
  creator_deactivated: boolean;
};

export type ApiKeyRow = {
  id: string;
  tenantId: string;
  name: string;
  keyHash: string;
  createdBy: string;
  permissions: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  creatorDeactivated: boolean;
};

const dateOrNull = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));

/** The ApiKeyRow of apiKeyByPrefixQuery's row; null when there is none. */
export function apiKeyOfRow(row: ApiKeyQueryRow | null | undefined): ApiKeyRow | null {
  if (!row) return null;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    keyHash: row.key_hash,
    createdBy: row.created_by,
    permissions: row.permissions,
    expiresAt: dateOrNull(row.expires_at),
    lastUsedAt: dateOrNull(row.last_used_at),
    revokedAt: dateOrNull(row.revoked_at),
    creatorDeactivated: row.creator_deactivated === true,
  };
}

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
