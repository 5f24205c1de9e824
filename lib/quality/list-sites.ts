import type { z } from 'zod';
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import { sites } from '@/db/schema/quality';
import { decodeNameCursor, encodeNameCursor } from '@/lib/keyset-cursor';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { siteView } from './records';
import { listSitesQuerySchema, type SiteView } from './schemas';

/** Sites by code (`sites.read`), optionally only active or inactive ones; keyset cursor on (code, id). */
export async function listSites(
  ctx: TenantContext,
  query: z.input<typeof listSitesQuerySchema> = {},
): Promise<{ data: SiteView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'sites.read');
  const { limit, cursor, active } = parseInput(listSitesQuerySchema, query);
  const after = decodeNameCursor(cursor);
  const conditions: SQL[] = [eq(sites.tenantId, ctx.tenant.id)];
  if (active) conditions.push(eq(sites.active, active === 'true'));
  if (after) conditions.push(or(gt(sites.code, after.name), and(eq(sites.code, after.name), gt(sites.id, after.id)))!);
  const rows = await ctx.db
    .select()
    .from(sites)
    .where(and(...conditions))
    .orderBy(asc(sites.code), asc(sites.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(siteView), nextCursor: rows.length > limit && last ? encodeNameCursor(last.code, last.id) : null };
}
