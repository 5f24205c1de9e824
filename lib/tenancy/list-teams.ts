import type { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import { decodeSortCursor, encodeSortCursor } from '@/lib/keyset-cursor';
import { orderTag, rowsAfter } from '@/lib/list-order';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { listTeamsQuerySchema, TEAM_SORT_DIRS, type TeamView } from './team-schemas';
import { ORDERS, orderOf, selectTeams } from './team-queries';
import { containsPattern } from '@/lib/like-pattern';

/**
 * Teams with their roles and members; `q` matches part of the name; `sort` is `name` (A–Z, the default) or `created`
 * (newest first), and `dir` turns it round. Each order and direction has its own keyset cursor (the default directions
 * keep their earlier cursors), ties broken by id. Needs teams.read.
 */
export async function listTeams(
  ctx: TenantContext,
  query: z.input<typeof listTeamsQuerySchema> = {},
): Promise<{ data: TeamView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'teams.read');
  const { limit, cursor, q, sort, dir: chosenDir } = parseInput(listTeamsQuerySchema, query);
  const dir = chosenDir ?? TEAM_SORT_DIRS[sort];
  const tag = orderTag(sort, dir, TEAM_SORT_DIRS[sort]);
  const order = ORDERS[sort];
  const conditions: SQL[] = [sql`true`];
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(sql`t.name ilike ${pattern}`);
  }
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, tag, order.isKey);
    conditions.push(rowsAfter(dir, orderOf(sort), [order.value(key), sql`${id}::uuid`]));
  }
  const rows = await selectTeams(ctx.db, ctx.tenant.id, sql.join(conditions, sql` and `), limit + 1, sort, dir);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => r.team),
    nextCursor: rows.length > limit && last ? encodeSortCursor(tag, last.sortKey, last.team.id) : null,
  };
}
