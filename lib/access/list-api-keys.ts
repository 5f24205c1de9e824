import type { z } from 'zod';
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { apiKeys, users } from '@/db/schema';
import type { TenantContext } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { apiKeyListQuerySchema, type ApiKeyList, type ApiKeySort, type ApiKeyStatus } from './api-key-schemas';
import { apiKeyView } from './api-key-view';
import {
  cursorTime,
  cursorTimeValue,
  decodeSortCursor,
  encodeSortCursor,
  isCursorTime,
  isCursorTimeOrNull,
  isText,
} from '@/lib/keyset-cursor';
import { requirePermission } from './require-permission';

/**
 * `GET /api/v1/tenants/{tenant}/api-keys`: the tenant's keys, revoked and expired ones included (with their status;
 * `?status=` filters), in the order of `?sort=`: `created` newest first (the default), `name` A–Z (case-insensitive)
 * or `last_used` most recently used first, never-used keys last. Each order has its own keyset cursor, ties broken
 * by id. Needs `api_keys.read`. Never the secret nor its hash.
 */
export async function listApiKeys(ctx: TenantContext, input: z.input<typeof apiKeyListQuerySchema> = {}): Promise<ApiKeyList> {
  requirePermission(ctx, 'api_keys.read');
  const { limit, cursor, status, sort } = parseInput(apiKeyListQuerySchema, input);
  const order = ORDERS[sort];
  const at = now();
  const rows = await ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      permissions: apiKeys.permissions,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      creatorId: users.id,
      creatorName: users.name,
      sortKey: order.key,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(
      and(eq(apiKeys.tenantId, ctx.tenant.id), cursor ? order.after(cursor) : undefined, status ? statusFilter(status, at) : undefined),
    )
    .orderBy(...order.by)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => apiKeyView(row, at)),
    nextCursor: rows.length > limit && last ? encodeSortCursor(sort, last.sortKey, last.id) : null,
  };
}

/** Each order of the list: the sort column as the cursor's key, its columns, and the rows after a cursor's row. */
type Order = { key: SQL<string | null>; by: SQL[]; after: (cursor: string) => SQL };

const ORDERS: Record<ApiKeySort, Order> = {
  created: {
    key: cursorTime(apiKeys.createdAt),
    by: [desc(apiKeys.createdAt), desc(apiKeys.id)],
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
      return sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`;
    },
  },
  name: {
    key: sql<string>`lower(${apiKeys.name})`,
    by: [sql`lower(${apiKeys.name})`, asc(apiKeys.id)],
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'name', isText);
      return sql`(lower(${apiKeys.name}), ${apiKeys.id}) > (${key}, ${id}::uuid)`;
    },
  },
  last_used: {
    key: cursorTime(apiKeys.lastUsedAt),
    by: [sql`${apiKeys.lastUsedAt} desc nulls last`, desc(apiKeys.id)],
    after: (cursor) => {
      // Never-used keys come last: after a used key, every never-used one still follows.
      const { key, id } = decodeSortCursor(cursor, 'last_used', isCursorTimeOrNull);
      return key === null
        ? sql`(${apiKeys.lastUsedAt} is null and ${apiKeys.id} < ${id}::uuid)`
        : sql`(${apiKeys.lastUsedAt} is null or (${apiKeys.lastUsedAt}, ${apiKeys.id}) < (${cursorTimeValue(key)}, ${id}::uuid))`;
    },
  },
};

function statusFilter(status: ApiKeyStatus, at: Date): SQL | undefined {
  if (status === 'revoked') return isNotNull(apiKeys.revokedAt);
  if (status === 'expired') return and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, at));
  return and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, at)));
}
