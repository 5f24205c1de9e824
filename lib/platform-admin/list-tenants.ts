import type { z } from 'zod';
import { and, asc, gt, ilike, or, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { plans, tenants } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { decodeCursor, encodeCursor } from '@/lib/keyset-cursor';
import { adminTenantView, requirePlatformAdmin, seatsUsed } from './platform-admin';
import { listTenantsQuerySchema, type AdminTenant } from './schemas';

const isSlugCursor = (value: unknown): value is { slug: string } =>
  typeof value === 'object' && value !== null && typeof (value as { slug?: unknown }).slug === 'string';

/**
 * Every tenant for platform administrators, by slug: plan, status and seats in use (active members).
 * `q` matches slug or name (case-insensitive); cursor pagination.
 */
export async function listTenants(
  actor: Actor | null,
  input: z.input<typeof listTenantsQuerySchema>,
): Promise<{ data: AdminTenant[]; nextCursor: string | null }> {
  requirePlatformAdmin(actor);
  const query = parseInput(listTenantsQuerySchema, input ?? {});
  const after = decodeCursor(query.cursor, isSlugCursor);
  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(tenants.slug, pattern), ilike(tenants.name, pattern))!);
  }
  if (after) conditions.push(gt(tenants.slug, after.slug));
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(tenants)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(tenants.slug))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const planById = new Map((await tx.select().from(plans)).map((p) => [p.id, p]));
    const used = await seatsUsed(
      tx,
      page.map((t) => t.id),
    );
    return {
      data: page.map((t) =>
        adminTenantView(t, planById.get(t.planId) ?? { id: t.planId, name: t.planId, seatLimit: null }, used.get(t.id) ?? 0),
      ),
      nextCursor: rows.length > query.limit ? encodeCursor({ slug: page[page.length - 1].slug }) : null,
    };
  });
}
