import { after } from 'next/server';
import { logger } from '@/lib/platform/logger';
import { type RunOptions, runSerialJob } from './run-serial-job';

const inFlight =
  (globalThis as unknown as { __custosSerialRuns?: Set<Promise<unknown>> }).__custosSerialRuns ?? new Set<Promise<unknown>>();
(globalThis as unknown as { __custosSerialRuns?: Set<Promise<unknown>> }).__custosSerialRuns = inFlight;

/**
 * Run a job in this process once the current response is sent (Next's `after()`, which on Vercel also keeps the
 * function alive for it); outside a request (CLI, tests) as a background promise. Call it only after the job's
 * row has committed. A process that dies mid-job leaves a stale heartbeat for the cron route to resume.
 */
export function startSerialJob(tenantId: string, jobId: string, options: RunOptions = {}): void {
  const run = async () => {
    const promise = runSerialJob(tenantId, jobId, options).catch((error) => {
      logger.error({ err: error, tenantId, jobId }, 'serial job run failed');
      return 'interrupted' as const;
    });
    inFlight.add(promise);
    try {
      await promise;
    } finally {
      inFlight.delete(promise);
    }
  };
  try {
    after(run);
  } catch {
    void run();
  }
}

/** Wait for every job run this process has started (tests, the bench, a graceful shutdown). */
export async function drainSerialJobs(): Promise<void> {
  // Runs started by `after()` outside a request begin on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
