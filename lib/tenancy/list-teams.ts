import type { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import { encodeSortCursor } from '@/lib/keyset-cursor';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { listTeamsQuerySchema, type TeamView } from './team-schemas';
import { ORDERS, selectTeams } from './team-queries';

/** Teams with their roles and members; `q` matches part of the name; `sort` is `name` (A–Z) or `created` (newest first). */
export async function listTeams(
  ctx: TenantContext,
  query: z.input<typeof listTeamsQuerySchema> = {},
): Promise<{ data: TeamView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'teams.read');
  const { limit, cursor, q, sort } = parseInput(listTeamsQuerySchema, query);
  const conditions: SQL[] = [sql`true`];
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`t.name ilike ${pattern}`);
  }
  if (cursor) conditions.push(ORDERS[sort].after(cursor));
  const rows = await selectTeams(ctx.db, ctx.tenant.id, sql.join(conditions, sql` and `), limit + 1, sort);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => r.team),
    nextCursor: rows.length > limit && last ? encodeSortCursor(sort, last.sortKey, last.team.id) : null,
  };
}
