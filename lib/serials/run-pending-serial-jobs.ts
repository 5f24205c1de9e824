import { and, asc, eq } from 'drizzle-orm';
import { serialJobs } from '@/db/schema/serials';
import { tenantsWithOpenSerialJobs } from '@/lib/jobs/tenants-with-work';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { defaultStaleAfterMs, claimableCondition, type RunOptions, runSerialJob } from './run-serial-job';

export type SweepReport = { runs: number; completed: number; failed: number; paused: number; interrupted: number };

/**
 * The sweep of the cron route and the CLI: every tenant's queued jobs and orphaned running jobs, oldest first,
 * one at a time, each continued from its `done` count, until `budgetMs` is spent (Vercel functions have a time
 * limit: a job cut short is released and the next sweep continues it).
 */
export async function runPendingSerialJobs(options: RunOptions & { budgetMs?: number; limit?: number } = {}): Promise<SweepReport> {
  const deadline = options.deadline ?? Date.now() + (options.budgetMs ?? 50_000);
  const staleAfterMs = options.staleAfterMs ?? defaultStaleAfterMs();
  const limit = options.limit ?? 100;
  const report: SweepReport = { runs: 0, completed: 0, failed: 0, paused: 0, interrupted: 0 };
  const tenantIds = await tenantsWithOpenSerialJobs();
  for (const tenantId of tenantIds) {
    const jobs = await withTenant(tenantId, (tx) =>
      tx
        .select({ id: serialJobs.id })
        .from(serialJobs)
        .where(and(eq(serialJobs.tenantId, tenantId), claimableCondition(staleAfterMs)))
        .orderBy(asc(serialJobs.createdAt))
        .limit(limit),
    );
    for (const { id } of jobs) {
      if (Date.now() > deadline || report.runs >= limit) return report;
      const outcome = await runSerialJob(tenantId, id, { ...options, staleAfterMs, deadline });
      if (outcome === 'not_claimable' || outcome === 'lost') continue;
      report.runs++;
      report[outcome]++;
    }
  }
  return report;
}
