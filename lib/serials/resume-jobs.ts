import { and, asc, eq, or, sql } from 'drizzle-orm';
import { serialJobs } from '@/db/schema/serials';
import { tenantsWithOpenSerialJobs } from '@/lib/jobs/tenants-with-work';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { defaultStaleAfterMs, claimableCondition } from './run-serial-job';

/**
 * The `resume-serial-jobs` schedule (every minute, lib/jobs/schedules.ts): send a `serial-generation` job for every
 * serial job no live runner holds and no recent job covers — running ones whose runner died (heartbeat older than
 * SERIAL_JOBS_STALE_AFTER_SECONDS) and queued ones older than a minute (their job was lost: the queue could not be
 * reached when they were requested). The runner continues each from its `done` count. At most one such job per
 * serial job a minute (singletonSeconds); a duplicate finds the job taken and completes without doing anything.
 */
export async function enqueueClaimableSerialJobs(options: { staleAfterMs?: number; limit?: number } = {}): Promise<{ enqueued: number }> {
  const staleAfterMs = options.staleAfterMs ?? defaultStaleAfterMs();
  const limit = options.limit ?? 500;
  const tenantIds = await tenantsWithOpenSerialJobs();
  const found: Array<{ tenantId: string; jobId: string }> = [];
  for (const tenantId of tenantIds) {
    if (found.length >= limit) break;
    const rows = await withTenant(tenantId, (tx) =>
      tx
        .select({ id: serialJobs.id })
        .from(serialJobs)
        .where(
          and(
            eq(serialJobs.tenantId, tenantId),
            claimableCondition(staleAfterMs),
            or(eq(serialJobs.status, 'running'), sql`${serialJobs.createdAt} < clock_timestamp() - interval '1 minute'`),
          ),
        )
        .orderBy(asc(serialJobs.createdAt))
        .limit(limit - found.length),
    );
    for (const { id } of rows) found.push({ tenantId, jobId: id });
  }
  if (found.length > 0) {
    const { enqueueJobs } = await import('@/lib/jobs/enqueue');
    await enqueueJobs(
      'serial-generation',
      found.map(({ tenantId, jobId }) => ({ data: { tenantId, jobId }, singletonKey: jobId, singletonSeconds: 60 })),
    );
  }
  return { enqueued: found.length };
}
