import type { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { decodeNameCursor, encodeNameCursor } from '@/lib/keyset-cursor';
import { requirePermission } from './require-permission';
import { listQuerySchema, type RoleView } from './role-schemas';
import { selectRoles, strip } from './role-queries';

export async function listRoles(
  ctx: TenantContext,
  query: z.input<typeof listQuerySchema> = {},
): Promise<{ data: RoleView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'roles.read');
  const { limit, cursor } = parseInput(listQuerySchema, query);
  const after = decodeNameCursor(cursor);
  const where = after ? sql`(r.name, r.id) > (${after.name}, ${after.id}::uuid)` : sql`true`;
  const rows = await selectRoles(ctx.db, ctx.tenant.id, where, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(strip), nextCursor: rows.length > limit && last ? encodeNameCursor(last.name, last.id) : null };
}
