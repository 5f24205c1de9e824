import type { z } from 'zod';
import { and, gt, ilike, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { plans, tenants } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import {
  cursorTime,
  cursorTimeValue,
  decodeCursor,
  decodeSortCursor,
  encodeCursor,
  encodeSortCursor,
  isCursorTime,
  isText,
} from '@/lib/keyset-cursor';
import { orderColumns, orderTag, rowsAfter } from '@/lib/list-order';
import { adminTenantView, requirePlatformAdmin, seatsUsed } from './platform-admin';
import { listTenantsQuerySchema, TENANT_SORT_DIRS, type AdminTenant, type TenantSort } from './schemas';
import { containsPattern } from '@/lib/like-pattern';

const isSlugCursor = (value: unknown): value is { slug: string } =>
  typeof value === 'object' && value !== null && typeof (value as { slug?: unknown }).slug === 'string';

/** Each order's column, its value as a cursor key (times to the microsecond), and a cursor's key back into SQL. */
const ORDERS: Record<TenantSort, { column: SQLWrapper; key: SQL<string>; isKey: (k: unknown) => k is string; value: (k: string) => SQL }> =
  {
    slug: { column: tenants.slug, key: sql<string>`${tenants.slug}`, isKey: isText, value: (k) => sql`${k}` },
    name: { column: sql`lower(${tenants.name})`, key: sql<string>`lower(${tenants.name})`, isKey: isText, value: (k) => sql`${k}` },
    created: { column: tenants.createdAt, key: cursorTime(tenants.createdAt), isKey: isCursorTime, value: cursorTimeValue },
  };

/**
 * Every tenant for platform administrators: plan, status and seats in use (active members). `q` matches slug or name
 * (case-insensitive); ordered by `sort` (`slug` A–Z by default, `name` A–Z, `created` newest first; `dir` turns it
 * round), ties broken by id; cursor pagination with a cursor per order (the slug order keeps its `{ slug }` cursor).
 */
export async function listTenants(
  actor: Actor | null,
  input: z.input<typeof listTenantsQuerySchema>,
): Promise<{ data: AdminTenant[]; nextCursor: string | null }> {
  requirePlatformAdmin(actor);
  const query = parseInput(listTenantsQuerySchema, input ?? {});
  const dir = query.dir ?? TENANT_SORT_DIRS[query.sort];
  const tag = orderTag(query.sort, dir, TENANT_SORT_DIRS[query.sort]);
  const slugOrder = query.sort === 'slug' && dir === 'asc';
  const order = ORDERS[query.sort];
  const columns = [order.column, tenants.id];
  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(or(ilike(tenants.slug, pattern), ilike(tenants.name, pattern))!);
  }
  if (query.cursor && slugOrder) conditions.push(gt(tenants.slug, decodeCursor(query.cursor, isSlugCursor).slug));
  else if (query.cursor) {
    const after = decodeSortCursor(query.cursor, tag, order.isKey);
    conditions.push(rowsAfter(dir, columns, [order.value(after.key), sql`${after.id}::uuid`]));
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ tenant: tenants, key: order.key })
      .from(tenants)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(...orderColumns(dir, columns))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit).map((r) => r.tenant);
    const planById = new Map((await tx.select().from(plans)).map((p) => [p.id, p]));
    const used = await seatsUsed(
      tx,
      page.map((t) => t.id),
    );
    const last = rows[query.limit - 1];
    return {
      data: page.map((t) =>
        adminTenantView(t, planById.get(t.planId) ?? { id: t.planId, name: t.planId, seatLimit: null }, used.get(t.id) ?? 0),
      ),
      nextCursor:
        rows.length > query.limit && last
          ? slugOrder
            ? encodeCursor({ slug: last.tenant.slug })
            : encodeSortCursor(tag, last.key, last.tenant.id)
          : null,
    };
  });
}
