import type { PgBoss } from 'pg-boss';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { engineRecord } from './engine-state';
import type { WorkQueueName } from './queues';

/**
 * Send jobs to a work queue (lib/jobs/queues.ts) from any process:
 *
 * - where this process's engine runs (`next start`, Docker, `npm run worker`), through it;
 * - otherwise (Vercel, the CLI, a test) through a send-only pg-boss on the same database, made once per process.
 *
 * Every work queue has `notify: true`: the insert wakes the workers of every engine on the database at once
 * (LISTEN/NOTIFY; on PGlite within the process). Where no engine of this process works the queues and none is
 * expected to (Vercel; the CLI; a test), the due jobs of the queue are run here right after the response (Next's
 * `after()`, else a background promise) within a time budget — unless JOBS_ENABLED=0 says workers elsewhere
 * (`npm run worker`) take them.
 *
 * Call it after the transaction that wrote the work's row has committed: the job only says "do X now", the row is
 * the truth. It never throws: when the queue cannot be reached the failure is logged and the domain's sweep (a
 * schedule) sends the job again later.
 */
export type EnqueueJob = {
  data: Record<string, unknown>;
  /** Names the job (a serial job's id): with the queue's policy or `singletonSeconds`, a second send is refused. */
  singletonKey?: string;
  /** With `singletonKey`: at most one job of that key per window of this many seconds. */
  singletonSeconds?: number;
  /** Not before this time. */
  startAfter?: Date;
  /** Taken first when higher (default 0): a sweep ranks a tenant's backlog below every tenant's first job. */
  priority?: number;
};

type SenderState = {
  sender: Promise<PgBoss> | null;
  /** Sends and inline runs in flight (drainEnqueuedJobs waits for them). */
  inFlight: Set<Promise<unknown>>;
  /** Per queue: an inline run is going, and whether another was asked for meanwhile. */
  running: Map<WorkQueueName, { again: boolean }>;
};

const store = globalThis as unknown as { __custosJobSender?: SenderState };
const state = (): SenderState => (store.__custosJobSender ??= { sender: null, inFlight: new Set(), running: new Map() });

/** How long one inline run may take (a Vercel function's `after()` lives within its maxDuration). */
const INLINE_BUDGET_MS = 50_000;

/** The engine of this process when it runs, else the process's sender (made on first use). */
export async function jobSender(): Promise<PgBoss> {
  const engine = engineRecord().boss;
  if (engine) return engine;
  const s = state();
  s.sender ??= import('./engine')
    .then(({ createJobSender }) => createJobSender())
    .catch((error: unknown) => {
      s.sender = null;
      throw error;
    });
  return s.sender;
}

/** Stop the process's sender (tests; a CLI before it exits). */
export async function stopJobSender(): Promise<void> {
  const s = state();
  const sender = s.sender;
  s.sender = null;
  if (sender) await (await sender.catch(() => null))?.stop({ graceful: false, close: true });
}

/**
 * Whether jobs sent from this process are run by this process itself (after the response): no engine runs here,
 * none is starting, and JOBS_ENABLED=0 does not say workers elsewhere take them.
 */
export function runsJobsInline(): boolean {
  const engine = engineRecord();
  if (engine.boss || engine.state === 'starting') return false;
  return Boolean(process.env.VERCEL) || env().JOBS_ENABLED !== '0';
}

export async function enqueueJobs(queue: WorkQueueName, jobs: EnqueueJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const s = state();
  const sending = (async () => {
    const boss = await jobSender();
    await boss.insert(
      queue,
      jobs.map((job) => ({
        data: job.data,
        ...(job.singletonKey ? { singletonKey: job.singletonKey } : {}),
        ...(job.singletonSeconds ? { singletonSeconds: job.singletonSeconds } : {}),
        ...(job.startAfter ? { startAfter: job.startAfter } : {}),
        ...(job.priority ? { priority: job.priority } : {}),
      })),
    );
  })();
  s.inFlight.add(sending);
  try {
    await sending;
  } catch (error) {
    logger.error({ err: error, queue, jobs: jobs.length }, 'could not queue jobs; the sweep sends them again');
    return;
  } finally {
    s.inFlight.delete(sending);
  }
  if (runsJobsInline()) runQueueAfterResponse(queue);
}

/** Run the queue's due jobs in this process once the response is sent (one run per queue at a time). */
function runQueueAfterResponse(queue: WorkQueueName): void {
  const s = state();
  const current = s.running.get(queue);
  if (current) {
    current.again = true;
    return;
  }
  const marker = { again: false };
  s.running.set(queue, marker);
  const run = async () => {
    try {
      const { drainWorkQueues } = await import('./drain');
      const deadline = Date.now() + INLINE_BUDGET_MS;
      do {
        marker.again = false;
        await drainWorkQueues({ queues: [queue], deadline });
      } while (marker.again && Date.now() < deadline);
    } catch (error) {
      logger.error({ err: error, queue }, 'running queued jobs failed; the sweep or the cron route runs them later');
    } finally {
      s.running.delete(queue);
    }
  };
  const start = () => {
    const promise = run();
    s.inFlight.add(promise);
    void promise.finally(() => s.inFlight.delete(promise));
    return promise;
  };
  void import('next/server').then(({ after }) => after(start)).catch(() => void start());
}

/** Wait until every send and inline run this process has begun is done (tests, the CLI, a bench). */
export async function drainEnqueuedJobs(): Promise<void> {
  const s = state();
  for (let i = 0; i < 3; i++) {
    // Runs handed to `after()` outside a request begin on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    while (s.inFlight.size > 0 || s.running.size > 0) {
      await Promise.allSettled([...s.inFlight]);
      if (s.running.size > 0 && s.inFlight.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
