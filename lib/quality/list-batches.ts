import type { z } from 'zod';
import { and, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { BATCH_STATUSES, batches } from '@/db/schema/quality';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime, isText } from '@/lib/keyset-cursor';
import { orderColumns, orderTag, rowsAfter, type SortDir } from '@/lib/list-order';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { batchViews } from './records';
import { listBatchesQuerySchema, type BatchSort, type BatchView } from './schemas';
import { containsPattern } from '@/lib/like-pattern';

/**
 * Batches (`batches.read`) in the order of `?sort=` and `?dir=` (default: newest first), filtered by status (one or
 * several), site and `q` (part of the batch number or product name, case-insensitive, `%` and `_` literal). Each
 * order has its own keyset cursor, ties broken by id in the same direction.
 */
export async function listBatches(
  ctx: TenantContext,
  query: z.input<typeof listBatchesQuerySchema> = {},
): Promise<{ data: BatchView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'batches.read');
  const { limit, cursor, status, siteId, q, sort, dir: chosenDir } = parseInput(listBatchesQuerySchema, query);
  const order = ORDERS[sort];
  const dir = chosenDir ?? order.defaultDir;
  const tag = orderTag(sort, dir, order.defaultDir);
  const conditions: SQL[] = [eq(batches.tenantId, ctx.tenant.id)];
  if (status) conditions.push(inArray(batches.status, Array.isArray(status) ? status : [status]));
  if (siteId) conditions.push(eq(batches.siteId, siteId));
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(sql`(${batches.batchNumber} ilike ${pattern} or ${batches.productName} ilike ${pattern})`);
  }
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, tag, order.isKey);
    conditions.push(rowsAfter(dir, [order.column, batches.id], [order.value(key), sql`${id}::uuid`]));
  }
  const rows = await ctx.db
    .select({ row: batches, key: order.key })
    .from(batches)
    .where(and(...conditions))
    .orderBy(...orderColumns(dir, [order.column, batches.id]))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: await batchViews(
      ctx,
      page.map((r) => r.row),
    ),
    nextCursor: rows.length > limit && last ? encodeSortCursor(tag, last.key, last.row.id) : null,
  };
}

/**
 * One order of the list: the column it sorts by, that column's value as the cursor's text key, the key back as a
 * value to compare with, and the direction when `dir` is left out.
 */
type Order = {
  column: SQLWrapper;
  key: SQL<string>;
  value: (key: string) => SQL;
  isKey: (key: unknown) => key is string;
  defaultDir: SortDir;
};

/** A status's place in the lifecycle (planned first), so the status order reads like the batch's life. */
const lifecyclePlace = (status: SQLWrapper) =>
  sql`array_position(array[${sql.join(
    BATCH_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )}]::text[], ${status}::text)`;
const isStatus = (key: unknown): key is string => typeof key === 'string' && (BATCH_STATUSES as readonly string[]).includes(key);
const isDate = (key: unknown): key is string => typeof key === 'string' && /^\d{4}-\d\d-\d\d$/.test(key);
const productName = sql`lower(${batches.productName})`;

const ORDERS: Record<BatchSort, Order> = {
  created: {
    column: batches.createdAt,
    key: cursorTime(batches.createdAt),
    value: cursorTimeValue,
    isKey: isCursorTime,
    defaultDir: 'desc',
  },
  updated: {
    column: batches.updatedAt,
    key: cursorTime(batches.updatedAt),
    value: cursorTimeValue,
    isKey: isCursorTime,
    defaultDir: 'desc',
  },
  number: {
    column: batches.batchNumber,
    key: sql<string>`${batches.batchNumber}`,
    value: (key) => sql`${key}`,
    isKey: isText,
    defaultDir: 'asc',
  },
  product: { column: productName, key: sql<string>`${productName}`, value: (key) => sql`${key}`, isKey: isText, defaultDir: 'asc' },
  status: {
    column: lifecyclePlace(batches.status),
    key: sql<string>`${batches.status}`,
    value: (key) => lifecyclePlace(sql`${key}`),
    isKey: isStatus,
    defaultDir: 'asc',
  },
  expires: {
    column: batches.expiresOn,
    key: sql<string>`${batches.expiresOn}::text`,
    value: (key) => sql`${key}::date`,
    isKey: isDate,
    defaultDir: 'asc',
  },
};
