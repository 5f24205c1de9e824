import type { z } from 'zod';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { batches } from '@/db/schema/quality';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { batchViews } from './records';
import { listBatchesQuerySchema, type BatchView } from './schemas';

/** A LIKE pattern matching `text` anywhere, with `\`, `%` and `_` taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Batches, newest first (`batches.read`), filtered by status (one or several), site and `q` (part of the batch
 * number or product name, case-insensitive, `%` and `_` literal); keyset cursor.
 */
export async function listBatches(
  ctx: TenantContext,
  query: z.input<typeof listBatchesQuerySchema> = {},
): Promise<{ data: BatchView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'batches.read');
  const { limit, cursor, status, siteId, q } = parseInput(listBatchesQuerySchema, query);
  const conditions: SQL[] = [eq(batches.tenantId, ctx.tenant.id)];
  if (status) conditions.push(inArray(batches.status, Array.isArray(status) ? status : [status]));
  if (siteId) conditions.push(eq(batches.siteId, siteId));
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(sql`(${batches.batchNumber} ilike ${pattern} or ${batches.productName} ilike ${pattern})`);
  }
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
    conditions.push(sql`(${batches.createdAt}, ${batches.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ row: batches, key: cursorTime(batches.createdAt) })
    .from(batches)
    .where(and(...conditions))
    .orderBy(desc(batches.createdAt), desc(batches.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: await batchViews(
      ctx,
      page.map((r) => r.row),
    ),
    nextCursor: rows.length > limit && last ? encodeSortCursor('created', last.key, last.row.id) : null,
  };
}
