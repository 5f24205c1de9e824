import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { tenants } from '@/db/schema/tenancy';
import { withTenant } from '@/lib/tenancy/with-tenant';

/**
 * Which tenants have work for a minute sweep, in two round trips however many tenants there are: the tenant list
 * (the owner connection reads `tenants` whole), then one of drizzle/0040's functions, which looks inside each tenant
 * under that tenant's row-level security. The sweeps then open a transaction only for the tenants it names.
 */
async function tenantsAnswering(question: (ids: SQL) => SQL): Promise<string[]> {
  const db = await getDb();
  const all = (await db.select({ id: tenants.id }).from(tenants)).map((t) => t.id);
  if (all.length === 0) return [];
  const ids = sql`${`{${all.join(',')}}`}::uuid[]`;
  const rows = await withTenant(null, async (tx) => rowsOf<{ id: string }>(await tx.execute(question(ids))));
  return rows.map((r) => r.id);
}

/** Tenants with a pending webhook delivery due at `at` that no worker holds. */
export const tenantsWithDueWebhookDeliveries = (at: string) =>
  tenantsAnswering((ids) => sql`select t as id from tenants_with_due_webhook_deliveries(${ids}, ${at}::timestamptz) as t`);

/** Tenants with a queued or running serial job (a superset of the claimable ones). */
export const tenantsWithOpenSerialJobs = () =>
  tenantsAnswering((ids) => sql`select t as id from tenants_with_open_serial_jobs(${ids}) as t`);
