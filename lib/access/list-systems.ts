import type { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { encodeSortCursor } from '@/lib/keyset-cursor';
import { requirePermission } from './require-permission';
import { listSystemsQuerySchema, type SystemView } from './role-schemas';
import { ORDERS, selectSystems } from './system-queries';

/** Systems of the tenant; `q` matches part of the slug or name; `sort` is `slug`, `name` (A–Z) or `created` (newest first). */
export async function listSystems(
  ctx: TenantContext,
  query: z.input<typeof listSystemsQuerySchema> = {},
): Promise<{ data: SystemView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'systems.read');
  const { limit, cursor, q, sort } = parseInput(listSystemsQuerySchema, query);
  const conditions: SQL[] = [sql`true`];
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(s.slug ilike ${pattern} or s.name ilike ${pattern})`);
  }
  if (cursor) conditions.push(ORDERS[sort].after(cursor));
  const rows = await selectSystems(ctx.db, ctx.tenant.id, sql.join(conditions, sql` and `), limit + 1, sort);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => r.system),
    nextCursor: rows.length > limit && last ? encodeSortCursor(sort, last.sortKey, last.system.id) : null,
  };
}
