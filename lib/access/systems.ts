import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime, isText } from './list-cursor';
import { requirePermission } from './require-permission';
import { uniqueOr409 } from './roles';
import { createSystemSchema, listSystemsQuerySchema, updateSystemSchema, type SystemSort, type SystemView } from './role-schemas';

/**
 * Downstream systems a tenant registers: a slug, a name and their own permission keys, given as
 * `resource.action` and stored as `<slug>:<resource.action>`. Roles may be scoped to a system; a system
 * with roles cannot be deleted (409), nor lose a key one of its roles grants (409).
 */

type Row = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  permissions: string[] | string | null;
  role_count: number | string;
  created_at: Date | string;
  updated_at: Date | string;
  sort_key: string;
};

function toArray(value: string[] | string | null): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
}

const view = (row: Row): SystemView => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  permissions: toArray(row.permissions).sort(),
  roleCount: Number(row.role_count),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Each order of the list: its columns, the sort column as the cursor's key, and the rows after a cursor's row. */
const ORDERS: Record<SystemSort, { by: SQL; key: SQL; after: (cursor: string) => SQL }> = {
  slug: {
    by: sql`s.slug, s.id`,
    key: sql`s.slug`,
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'slug', isText);
      return sql`(s.slug, s.id) > (${key}, ${id}::uuid)`;
    },
  },
  name: {
    by: sql`lower(s.name), s.id`,
    key: sql`lower(s.name)`,
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'name', isText);
      return sql`(lower(s.name), s.id) > (${key}, ${id}::uuid)`;
    },
  },
  created: {
    by: sql`s.created_at desc, s.id desc`,
    key: cursorTime(sql`s.created_at`),
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
      return sql`(s.created_at, s.id) < (${cursorTimeValue(key)}, ${id}::uuid)`;
    },
  },
};

async function selectSystems(
  tx: Tx,
  tenantId: string,
  where: SQL,
  limit: number,
  sort: SystemSort = 'slug',
): Promise<Array<{ system: SystemView; sortKey: string }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select s.id, s.slug, s.name, s.description, s.permissions, s.created_at, s.updated_at, ${ORDERS[sort].key} as sort_key,
             (select count(*) from roles r where r.system_id = s.id)::int as role_count
        from systems s
       where s.tenant_id = ${tenantId} and ${where}
       order by ${ORDERS[sort].by}
       limit ${limit}`),
  );
  return rows.map((row) => ({ system: view(row), sortKey: row.sort_key }));
}

async function loadSystem(tx: Tx, tenantId: string, slug: string): Promise<SystemView> {
  const [row] = await selectSystems(tx, tenantId, sql`s.slug = ${slug}`, 1);
  if (!row) throw notFound('system');
  return row.system;
}

const keysOf = (slug: string, permissions: string[]) => permissions.map((p) => `${slug}:${p}`).sort();

/** Systems of the tenant; `q` matches part of the slug or name; `sort` is `slug`, `name` (A–Z) or `created` (newest first). */
export async function listSystems(ctx: TenantContext, query: unknown = {}): Promise<{ data: SystemView[]; nextCursor: string | null }> {
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
  return { data: page.map((r) => r.system), nextCursor: rows.length > limit && last ? encodeSortCursor(sort, last.sortKey, last.system.id) : null };
}

export async function getSystem(ctx: TenantContext, slug: string): Promise<SystemView> {
  requirePermission(ctx, 'systems.read');
  return loadSystem(ctx.db, ctx.tenant.id, slug);
}

export async function createSystem(ctx: TenantContext, input: unknown): Promise<SystemView> {
  requirePermission(ctx, 'systems.manage');
  const data = parseInput(createSystemSchema, input);
  const [taken] = await ctx.db
    .select({ id: systems.id })
    .from(systems)
    .where(and(eq(systems.tenantId, ctx.tenant.id), eq(systems.slug, data.slug)));
  if (taken) throw conflict(`A system with the slug ${data.slug} already exists.`);
  await uniqueOr409(
    ctx.db.insert(systems).values({
      tenantId: ctx.tenant.id,
      slug: data.slug,
      name: data.name,
      description: data.description ?? null,
      permissions: keysOf(data.slug, data.permissions),
    }),
    `A system with the slug ${data.slug} already exists.`,
  );
  const created = await loadSystem(ctx.db, ctx.tenant.id, data.slug);
  await recordAudit(ctx, {
    action: 'system.created',
    targetType: 'system',
    targetId: created.id,
    before: null,
    after: { slug: created.slug, name: created.name, description: created.description, permissions: created.permissions },
  });
  return created;
}

export async function updateSystem(ctx: TenantContext, slug: string, input: unknown): Promise<SystemView> {
  requirePermission(ctx, 'systems.manage');
  const data = parseInput(updateSystemSchema, input);
  const before = await loadSystem(ctx.db, ctx.tenant.id, slug);
  const permissions = data.permissions ? keysOf(slug, data.permissions) : before.permissions;
  const dropped = before.permissions.filter((p) => !permissions.includes(p));
  if (dropped.length > 0) {
    const used = rowsOf<{ permission: string }>(
      await ctx.db.execute(sql`
        select distinct rp.permission from role_permissions rp join roles r on r.id = rp.role_id
         where r.system_id = ${before.id} and rp.permission in ${sql`(${sql.join(dropped.map((d) => sql`${d}`), sql`, `)})`}`),
    ).map((r) => r.permission);
    if (used.length > 0) throw conflict(`Roles of this system still grant ${used.sort().join(', ')}; remove them from those roles first.`);
  }
  await ctx.db
    .update(systems)
    .set({
      name: data.name ?? before.name,
      description: data.description === undefined ? before.description : data.description,
      permissions,
      updatedAt: sql`now()`,
    })
    .where(eq(systems.id, before.id));
  const after = await loadSystem(ctx.db, ctx.tenant.id, slug);
  await recordAudit(ctx, {
    action: 'system.updated',
    targetType: 'system',
    targetId: before.id,
    before: { name: before.name, description: before.description, permissions: before.permissions },
    after: { name: after.name, description: after.description, permissions: after.permissions },
  });
  return after;
}

export async function deleteSystem(ctx: TenantContext, slug: string): Promise<void> {
  requirePermission(ctx, 'systems.manage');
  const before = await loadSystem(ctx.db, ctx.tenant.id, slug);
  if (before.roleCount > 0) throw conflict(`The system ${slug} has ${before.roleCount} role(s); delete them first.`);
  await ctx.db.delete(systems).where(eq(systems.id, before.id));
  await recordAudit(ctx, {
    action: 'system.deleted',
    targetType: 'system',
    targetId: before.id,
    before: { slug: before.slug, name: before.name, description: before.description, permissions: before.permissions },
    after: null,
  });
}
