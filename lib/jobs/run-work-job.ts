import type { Job } from 'pg-boss';
import { logger } from '@/lib/platform/logger';
import { type WorkContext, workQueueByName, type WorkQueueName } from './queues';

/**
 * Run one job of a work queue (lib/jobs/queues.ts), whoever took it: the engine's worker, `npm run worker`, or the
 * drain (Vercel's cron route, a request's `after()`, the CLI). Logs the outcome; rethrows an error so pg-boss
 * records it on the job and retries it by the queue's settings.
 */
export async function runWorkJob(name: WorkQueueName, job: Pick<Job<unknown>, 'id' | 'data'>, context: WorkContext = {}): Promise<unknown> {
  const started = performance.now();
  try {
    const output = await workQueueByName(name).run((job.data ?? {}) as Record<string, unknown>, context);
    logger.debug({ queue: name, jobId: job.id, durationMs: Math.round(performance.now() - started), output }, 'job finished');
    return output ?? null;
  } catch (error) {
    logger.warn({ queue: name, jobId: job.id, durationMs: Math.round(performance.now() - started), err: error }, 'job failed');
    throw error;
  }
}
