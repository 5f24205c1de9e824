import type { z } from 'zod';
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { sites } from '@/db/schema/quality';
import { decodeNameCursor, decodeSortCursor, encodeNameCursor, encodeSortCursor, isText } from '@/lib/keyset-cursor';
import { orderColumns, rowsAfter } from '@/lib/list-order';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { siteView } from './records';
import { listSitesQuerySchema, type SiteSort, type SiteView } from './schemas';

/** The column each order sorts by: the code as stored (upper case), the name in any case. */
const COLUMNS: Record<SiteSort, SQLWrapper> = { code: sites.code, name: sql`lower(${sites.name})` };

/**
 * Sites (`sites.read`) by code (the default) or name (`?sort=`), A–Z or Z–A (`?dir=`), optionally only active or
 * inactive ones; keyset cursor on (the sort column, id). The code order keeps its `[code, id]` cursor.
 */
export async function listSites(
  ctx: TenantContext,
  query: z.input<typeof listSitesQuerySchema> = {},
): Promise<{ data: SiteView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'sites.read');
  const { limit, cursor, active, sort, dir = 'asc' } = parseInput(listSitesQuerySchema, query);
  const tag = `${sort}.${dir}`;
  const defaultOrder = sort === 'code' && dir === 'asc';
  const column = COLUMNS[sort];
  const conditions: SQL[] = [eq(sites.tenantId, ctx.tenant.id)];
  if (active) conditions.push(eq(sites.active, active === 'true'));
  if (cursor) {
    const after = defaultOrder ? decodeNameCursor(cursor)! : decodeSortCursor(cursor, tag, isText);
    const key = 'name' in after ? after.name : after.key;
    conditions.push(rowsAfter(dir, [column, sites.id], [sql`${key}`, sql`${after.id}::uuid`]));
  }
  const rows = await ctx.db
    .select({ row: sites, key: sql<string>`${column}` })
    .from(sites)
    .where(and(...conditions))
    .orderBy(...orderColumns(dir, [column, sites.id]))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last ? last : null;
  return {
    data: page.map((r) => siteView(r.row)),
    nextCursor: next ? (defaultOrder ? encodeNameCursor(next.key, next.row.id) : encodeSortCursor(tag, next.key, next.row.id)) : null,
  };
}
