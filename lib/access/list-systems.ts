import type { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { decodeSortCursor, encodeSortCursor } from '@/lib/keyset-cursor';
import { orderTag, rowsAfter } from '@/lib/list-order';
import { requirePermission } from './require-permission';
import { listSystemsQuerySchema, SYSTEM_SORT_DIRS, type SystemView } from './role-schemas';
import { ORDERS, orderOf, selectSystems } from './system-queries';
import { containsPattern } from '@/lib/like-pattern';

/**
 * Systems of the tenant; `q` matches part of the slug or name; `sort` is `slug` (A–Z, the default), `name` (A–Z) or
 * `created` (newest first), and `dir` turns it round. Each order and direction has its own keyset cursor (the default
 * directions keep their earlier cursors), ties broken by id. Needs systems.read.
 */
export async function listSystems(
  ctx: TenantContext,
  query: z.input<typeof listSystemsQuerySchema> = {},
): Promise<{ data: SystemView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'systems.read');
  const { limit, cursor, q, sort, dir: chosenDir } = parseInput(listSystemsQuerySchema, query);
  const dir = chosenDir ?? SYSTEM_SORT_DIRS[sort];
  const tag = orderTag(sort, dir, SYSTEM_SORT_DIRS[sort]);
  const order = ORDERS[sort];
  const conditions: SQL[] = [sql`true`];
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(sql`(s.slug ilike ${pattern} or s.name ilike ${pattern})`);
  }
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, tag, order.isKey);
    conditions.push(rowsAfter(dir, orderOf(sort), [order.value(key), sql`${id}::uuid`]));
  }
  const rows = await selectSystems(ctx.db, ctx.tenant.id, sql.join(conditions, sql` and `), limit + 1, sort, dir);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => r.system),
    nextCursor: rows.length > limit && last ? encodeSortCursor(tag, last.sortKey, last.system.id) : null,
  };
}
