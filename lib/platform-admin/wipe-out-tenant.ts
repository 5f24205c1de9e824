import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { tenants } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import type { Actor, RequestMeta } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { lockTenantBySlug, requirePlatformAdmin } from './platform-admin';
import { wipeOutQuerySchema, type WipeOutResult } from './schemas';

/** Every table of the schema with a `tenant_id` column, children before the tables they reference. */
async function tenantTablesChildrenFirst(tx: Tx): Promise<string[]> {
  const tables = rowsOf<{ table_name: string }>(
    await tx.execute(sql`select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
      order by c.table_name`),
  ).map((r) => r.table_name);
  const edges = rowsOf<{ child: string; parent: string }>(
    await tx.execute(sql`select c.relname as child, p.relname as parent from pg_constraint k
      join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace`),
  );
  const remaining = new Set(tables);
  const ordered: string[] = [];
  while (remaining.size > 0) {
    // A table may go once no other remaining table references it.
    const free = [...remaining].filter((t) => !edges.some((e) => e.parent === t && e.child !== t && remaining.has(e.child)));
    const next = free.length > 0 ? free : [...remaining]; // a cycle: cascades decide
    for (const t of next) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered;
}

/**
 * Wipe out a tenant (platform administrators, confirmed by typing its slug in `confirm`): every row of
 * it — members, roles, teams, systems, API keys, records, its audit events and chain head — and the
 * tenant itself, in ONE transaction on the owner connection. Audit events may be deleted only inside a
 * transaction that names the tenant in `custos.wipe_tenant_id` (drizzle/0008); `app.tenant_id` is set
 * too, because FORCE ROW LEVEL SECURITY binds the owner on managed PostgreSQL. Recorded in the platform
 * trail with the slug, name and row counts. Unknown tenant → 404; confirm missing or different → 400.
 */
export async function wipeOutTenant(
  actor: Actor | null,
  slug: string,
  input: z.input<typeof wipeOutQuerySchema>,
  meta: RequestMeta,
): Promise<WipeOutResult> {
  requirePlatformAdmin(actor);
  const { confirm } = parseInput(wipeOutQuerySchema, input ?? {});
  const db = await getDb();
  if (actor) await requireRecentSecondFactor(actor, db); // step-up: wiping out a tenant cannot be undone
  return db.transaction(async (tx) => {
    const tenant = await lockTenantBySlug(tx, slug);
    if (confirm !== tenant.slug) {
      throw validationFailed([{ path: 'confirm', message: `Type the tenant's slug, ${tenant.slug}, to confirm.` }]);
    }
    await tx.execute(sql`select set_config('custos.wipe_tenant_id', ${tenant.id}, true), set_config('app.tenant_id', ${tenant.id}, true)`);
    const tables = await tenantTablesChildrenFirst(tx);
    const deleted: Record<string, number> = {};
    for (const table of tables) {
      const rows = rowsOf<{ n: number }>(
        await tx.execute(
          sql`with gone as (delete from ${sql.identifier(table)} where tenant_id = ${tenant.id}::uuid returning 1) select count(*)::int as n from gone`,
        ),
      );
      deleted[table] = Number(rows[0]?.n ?? 0);
    }
    const heads = rowsOf<{ n: number }>(
      await tx.execute(
        sql`with gone as (delete from audit_chain_heads where chain_key = ${tenant.id} returning 1) select count(*)::int as n from gone`,
      ),
    );
    deleted.audit_chain_heads = Number(heads[0]?.n ?? 0);
    await tx.delete(tenants).where(eq(tenants.id, tenant.id));
    deleted.tenants = 1;
    await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('custos.wipe_tenant_id', '', true)`);

    await recordPlatformAudit(tx, actor, meta, {
      action: 'tenant.wiped_out',
      targetType: 'tenant',
      targetId: tenant.id,
      // What existed and is now gone; after is nothing. Rows as [{table, rows}]: a map keyed by table name
      // would have `api_keys` masked as a secret.
      before: {
        slug: tenant.slug,
        name: tenant.name,
        plan: tenant.planId,
        status: tenant.status,
        rows: Object.entries(deleted).map(([table, rows]) => ({ table, rows })),
      },
      after: null,
    });
    return { slug: tenant.slug, name: tenant.name, deleted };
  });
}
