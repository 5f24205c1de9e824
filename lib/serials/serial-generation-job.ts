import { enqueueJobs } from '@/lib/jobs/enqueue';
import type { WorkContext } from '@/lib/jobs/queues';
import { runSerialJob } from './run-serial-job';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queue a serial job's generation (after the transaction that wrote its row has committed). Never throws. */
export function enqueueSerialGeneration(jobs: Array<{ tenantId: string; jobId: string }>): Promise<void> {
  return enqueueJobs(
    'serial-generation',
    jobs.map(({ tenantId, jobId }) => ({ data: { tenantId, jobId }, singletonKey: jobId })),
  );
}

/**
 * A `serial-generation` job: run the serial job `{ tenantId, jobId }` (lib/serials/run-serial-job.ts) from its
 * `done` count. The row decides: a job another runner holds, or one already ended, is left alone (the job
 * completes with `not_claimable`). An unexpected error (the database went away mid-chunk) is thrown, so pg-boss
 * retries the job after its backoff, and the row's lease was released so that run continues. At a deadline (the
 * drain on Vercel) the run stops between chunks and sends the job again to continue.
 */
export async function runSerialGenerationJob(data: Record<string, unknown>, context: WorkContext = {}): Promise<{ outcome: string }> {
  const tenantId = typeof data.tenantId === 'string' ? data.tenantId : '';
  const jobId = typeof data.jobId === 'string' ? data.jobId : '';
  if (!UUID.test(tenantId) || !UUID.test(jobId)) throw new Error('A serial generation job needs the tenant and the serial job it runs.');
  const outcome = await runSerialJob(tenantId, jobId, { deadline: context.deadline });
  if (outcome === 'interrupted') {
    throw new Error('Serial generation was interrupted by an unexpected error; the next try continues from the stored count.');
  }
  if (outcome === 'paused') await enqueueSerialGeneration([{ tenantId, jobId }]);
  return { outcome };
}
