import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { notFound } from '@/lib/errors';
import { cursorTime, cursorTimeValue, isCursorTime, isText } from '@/lib/keyset-cursor';
import { orderColumns, type SortDir } from '@/lib/list-order';
import { SYSTEM_SORT_DIRS, type SystemSort, type SystemView } from './role-schemas';

/**
 * The loaders the system operations share (list-systems, get-system, create-system, update-system, delete-system).
 *
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
  active: boolean;
  role_count: number | string;
  created_at: Date | string;
  updated_at: Date | string;
  sort_key: string;
};

function toArray(value: string[] | string | null): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((s) => s.replace(/^"|"$/g, ''));
}

const view = (row: Row): SystemView => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  permissions: toArray(row.permissions).sort(),
  active: row.active,
  roleCount: Number(row.role_count),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/**
 * Each order of the list: the column it sorts by, that column's value as the cursor's text key (times to the
 * microsecond), and a cursor's key back as a value to compare with. The id breaks ties in the same direction.
 */
export const ORDERS: Record<SystemSort, { column: SQL; key: SQL<string>; isKey: (k: unknown) => k is string; value: (k: string) => SQL }> =
  {
    slug: { column: sql`s.slug`, key: sql<string>`s.slug`, isKey: isText, value: (k) => sql`${k}` },
    name: { column: sql`lower(s.name)`, key: sql<string>`lower(s.name)`, isKey: isText, value: (k) => sql`${k}` },
    created: { column: sql`s.created_at`, key: cursorTime(sql`s.created_at`), isKey: isCursorTime, value: cursorTimeValue },
  };

/** The columns of an order, the id last. */
export const orderOf = (sort: SystemSort): SQL[] => [ORDERS[sort].column, sql`s.id`];

export async function selectSystems(
  tx: Tx,
  tenantId: string,
  where: SQL,
  limit: number,
  sort: SystemSort = 'slug',
  dir: SortDir = SYSTEM_SORT_DIRS[sort],
): Promise<Array<{ system: SystemView; sortKey: string }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select s.id, s.slug, s.name, s.description, s.permissions, s.active, s.created_at, s.updated_at, ${ORDERS[sort].key} as sort_key,
             (select count(*) from roles r where r.system_id = s.id)::int as role_count
        from systems s
       where s.tenant_id = ${tenantId} and ${where}
       order by ${sql.join(orderColumns(dir, orderOf(sort)), sql`, `)}
       limit ${limit}`),
  );
  return rows.map((row) => ({ system: view(row), sortKey: row.sort_key }));
}

export async function loadSystem(tx: Tx, tenantId: string, slug: string): Promise<SystemView> {
  const [row] = await selectSystems(tx, tenantId, sql`s.slug = ${slug}`, 1);
  if (!row) throw notFound('system');
  return row.system;
}

export const keysOf = (slug: string, permissions: string[]) => permissions.map((p) => `${slug}:${p}`).sort();
