import { logger } from '@/lib/platform/logger';
import { jobSender } from './enqueue';
import { WORK_QUEUES, type WorkQueueDefinition, type WorkQueueName, workQueueByName } from './queues';
import { runWorkJob } from './run-work-job';

export type DrainReport = {
  /** Per queue: jobs run to completion and jobs that failed (pg-boss retries them by the queue's settings). */
  queues: Record<string, { completed: number; failed: number }>;
  /** Whether the time ran out with due jobs possibly left (the next drain continues). */
  outOfTime: boolean;
};

/**
 * Run the due jobs of the work queues in this process, one at a time, until none is due or `deadline` passes:
 * what Vercel's cron route /api/cron/run-jobs does within its time limit, what a request's `after()` does where no
 * engine runs, and `npm run cli -- run-jobs`. Each job is fetched through pg-boss (so a worker elsewhere never gets
 * it too), kept alive by its heartbeat while it runs, and completed or failed with its error. A runner is told the
 * deadline, so a long one (serial generation) stops in time and sends itself again to continue.
 */
export async function drainWorkQueues(
  options: { queues?: readonly WorkQueueName[]; deadline?: number; limit?: number } = {},
): Promise<DrainReport> {
  const deadline = options.deadline ?? Date.now() + 50_000;
  const limit = options.limit ?? 1000;
  const names = options.queues ?? WORK_QUEUES.map((q) => q.name);
  const report: DrainReport = { queues: Object.fromEntries(names.map((n) => [n, { completed: 0, failed: 0 }])), outOfTime: false };
  const boss = await jobSender();
  let runs = 0;
  for (const name of names) {
    for (;;) {
      if (Date.now() >= deadline || runs >= limit) {
        report.outOfTime = true;
        return report;
      }
      const [job] = await boss.fetch<Record<string, unknown>>(name, { batchSize: 1 });
      if (!job) break;
      runs++;
      const heartbeat = (workQueueByName(name).queue as WorkQueueDefinition['queue']).heartbeatSeconds;
      const timer = heartbeat ? setInterval(() => void boss.touch(name, job).catch(() => {}), (heartbeat * 1000) / 2) : null;
      try {
        const output = await runWorkJob(name, job, { deadline });
        await boss.complete(name, job, output !== null && typeof output === 'object' ? output : { output });
        report.queues[name].completed++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await boss
          .fail(name, job, { message })
          .catch((e: unknown) => logger.error({ err: e, queue: name }, 'could not record a failed job'));
        report.queues[name].failed++;
      } finally {
        if (timer) clearInterval(timer);
      }
    }
  }
  return report;
}
