import type { z } from 'zod';
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { apiKeys, users } from '@/db/schema';
import type { TenantContext } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { API_KEY_SORT_DIRS, apiKeyListQuerySchema, type ApiKeyList, type ApiKeySort, type ApiKeyStatus } from './api-key-schemas';
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
import { orderColumns, orderTag, rowsAfter, type SortDir } from '@/lib/list-order';
import { requirePermission } from './require-permission';

/**
 * `GET /api/v1/tenants/{tenant}/api-keys`: the tenant's keys, revoked and expired ones included (with their status;
 * `?status=` filters), in the order of `?sort=`: `created` newest first (the default), `name` A–Z (case-insensitive)
 * or `last_used` most recently used first, never-used keys last; `?dir=` turns the order round (never-used keys then
 * come first). Each order and direction has its own keyset cursor (the default directions keep their earlier
 * cursors), ties broken by id. Needs `api_keys.read`. Never the secret nor its hash.
 */
export async function listApiKeys(ctx: TenantContext, input: z.input<typeof apiKeyListQuerySchema> = {}): Promise<ApiKeyList> {
  requirePermission(ctx, 'api_keys.read');
  const { limit, cursor, status, sort, dir: chosenDir } = parseInput(apiKeyListQuerySchema, input);
  const dir = chosenDir ?? API_KEY_SORT_DIRS[sort];
  const tag = orderTag(sort, dir, API_KEY_SORT_DIRS[sort]);
  const order = ORDERS[sort];
  const from = cursor ? decodeSortCursor(cursor, tag, order.isKey) : null;
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
      and(
        eq(apiKeys.tenantId, ctx.tenant.id),
        from ? after(order, dir, from.key, from.id) : undefined,
        status ? statusFilter(status, at) : undefined,
      ),
    )
    .orderBy(...orderBy(order, dir))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => apiKeyView(row, at)),
    nextCursor: rows.length > limit && last ? encodeSortCursor(tag, last.sortKey, last.id) : null,
  };
}

/**
 * Each order of the list: the sort column, its value as the cursor's text key (times to the microsecond; null for a
 * never-used key), and a cursor's key back as a value to compare with. The id breaks ties in the same direction.
 */
type Order = {
  column: SQLWrapper;
  key: SQL<string | null>;
  isKey: (key: unknown) => key is string | null;
  value: (key: string) => SQL;
  /** The column may be null: nulls come last in the default direction and first when it is turned round. */
  nullable?: boolean;
};

const ORDERS: Record<ApiKeySort, Order> = {
  created: { column: apiKeys.createdAt, key: cursorTime(apiKeys.createdAt), isKey: isCursorTime, value: cursorTimeValue },
  name: { column: sql`lower(${apiKeys.name})`, key: sql<string>`lower(${apiKeys.name})`, isKey: isText, value: (key) => sql`${key}` },
  last_used: {
    column: apiKeys.lastUsedAt,
    key: cursorTime(apiKeys.lastUsedAt),
    isKey: isCursorTimeOrNull,
    value: cursorTimeValue,
    nullable: true,
  },
};

/** ORDER BY for an order and direction: a nullable column keeps its nulls at the end of the default direction. */
function orderBy(order: Order, dir: SortDir): SQL[] {
  if (!order.nullable) return orderColumns(dir, [order.column, apiKeys.id]);
  return dir === 'desc'
    ? [sql`${order.column} desc nulls last`, desc(apiKeys.id)]
    : [sql`${order.column} asc nulls first`, asc(apiKeys.id)];
}

/** The rows after a cursor's row in that order (for `last_used`, never-used keys sit at one end of it). */
function after(order: Order, dir: SortDir, key: string | null, id: string): SQL {
  if (key === null) {
    // A never-used key (only `last_used` has them): the other never-used keys past its id, and in the ascending
    // order (never used first) every used key too.
    return dir === 'desc'
      ? sql`(${order.column} is null and ${apiKeys.id} < ${id}::uuid)`
      : sql`(${order.column} is not null or ${apiKeys.id} > ${id}::uuid)`;
  }
  const past = rowsAfter(dir, [order.column, apiKeys.id], [order.value(key), sql`${id}::uuid`]);
  if (!order.nullable) return past;
  // A used key: newest use first leaves every never-used key still to come; least recent first has passed them all.
  return dir === 'desc' ? sql`(${order.column} is null or ${past})` : sql`(${order.column} is not null and ${past})`;
}

function statusFilter(status: ApiKeyStatus, at: Date): SQL | undefined {
  if (status === 'revoked') return isNotNull(apiKeys.revokedAt);
  if (status === 'expired') return and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, at));
  return and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, at)));
}
