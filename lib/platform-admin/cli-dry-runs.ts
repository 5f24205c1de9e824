import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { getDb } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';
import { rowsOf } from '@/db/rows';
import { serialJobs, tenants, users } from '@/db/schema';
import { claimableCondition, defaultStaleAfterMs } from '@/lib/serials/run-serial-job';
import { withTenant } from '@/lib/tenancy/with-tenant';

/**
 * What the admin commands of scripts/cli.ts would do, read without changing anything: their `--dry-run`. Commands
 * whose domain function takes `dryRun` (cleanup-inactive-users, purge-expired, expire-invitations, suspend-dormant-members,
 * create-tenant) use that; these cover the rest.
 */

/** Migrations of drizzle/ not yet applied to this database (drizzle's rule: newer than the last one applied). */
export async function pendingMigrations(handle: DbHandle): Promise<string[]> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string; when: number }>;
  };
  let last = 0;
  try {
    const [row] = rowsOf<{ created_at: string | number | null }>(
      await handle.db.execute(sql`select max(created_at) as created_at from drizzle.__drizzle_migrations`),
    );
    last = Number(row?.created_at ?? 0);
  } catch {
    last = 0; // no migrations table yet: every migration is pending
  }
  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}

/** What create-platform-admin would do for this email (no password asked, nothing written). */
export async function platformAdminOutcome(email: string): Promise<'created' | 'promoted' | 'taken_over' | 'already_admin'> {
  const db = await getDb();
  const [existing] = await db
    .select({ isPlatformAdmin: users.isPlatformAdmin, emailVerified: users.emailVerified })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  if (!existing) return 'created';
  if (!existing.emailVerified) return 'taken_over';
  return existing.isPlatformAdmin ? 'already_admin' : 'promoted';
}

/** Serial jobs run-serial-jobs would take (queued, or running on a server that stopped), per tenant slug. */
export async function claimableSerialJobs(staleAfterMs = defaultStaleAfterMs()): Promise<Array<{ tenant: string; id: string }>> {
  const db = await getDb();
  const all = await db.select({ id: tenants.id, slug: tenants.slug }).from(tenants).orderBy(asc(tenants.slug));
  const out: Array<{ tenant: string; id: string }> = [];
  for (const tenant of all) {
    const jobs = await withTenant(tenant.id, (tx) =>
      tx
        .select({ id: serialJobs.id })
        .from(serialJobs)
        .where(and(eq(serialJobs.tenantId, tenant.id), claimableCondition(staleAfterMs)))
        .orderBy(asc(serialJobs.createdAt)),
    );
    out.push(...jobs.map((j) => ({ tenant: tenant.slug, id: j.id })));
  }
  return out;
}
