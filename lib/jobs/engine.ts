import type { Clock, Job, PgBoss, Queue } from 'pg-boss';
import { getDbHandle } from '@/db/client';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { engineRecord as record } from './engine-state';
import { WORK_QUEUES } from './queues';
import { runSchedule } from './run-schedule';
import { runWorkJob } from './run-work-job';
import { SCHEDULES } from './schedules';

export { jobEngineStatus, type JobEngineState, type JobEngineStatus } from './engine-state';

/**
 * The job engine: pg-boss (a PostgreSQL job queue) on the process's own database, one per process.
 *
 * - PostgreSQL (DATABASE_URL, or JOBS_DATABASE_URL when set): pg-boss opens its own pool of two connections,
 *   as the same role as the app (the database owner, which may create the `pgboss` schema on first start).
 * - PGlite (embedded): pg-boss runs on the one PGlite instance of the process (`fromPglite`), never a second one.
 *   PGlite runs one statement (or one transaction) at a time, so pg-boss's statements queue between the app's.
 *
 * pg-boss keeps its tables in the `pgboss` schema and installs or upgrades it itself at start. Each schedule in
 * lib/jobs/schedules.ts is a queue with a cron schedule (UTC) and a worker. Several servers on one database may
 * all run the engine: one cron pass at a time claims the due occurrences, and each occurrence becomes one job
 * (pg-boss files it under a singleton key and its minute), which one worker takes. A failed run is retried
 * (three times, a minute apart and growing); every run's summary or error stays in the job table for 30 days.
 *
 * Started by instrumentation.ts → lib/platform/startup.ts in `next start`, `next dev` and the Docker image
 * (not on Vercel, which has no long-running process: the cron routes run the jobs there; not with JOBS_ENABLED=0).
 */
/** A job the engine schedules and works: the schedules' data plus what to run (tests add their own). */
export type JobDefinition = {
  name: string;
  cron: string;
  timezone: string;
  run: (job: Job<unknown>) => Promise<unknown>;
};

export type JobEngineOptions = {
  /** The schema pg-boss keeps its tables in; `pgboss` unless a test wants its own. */
  schema?: string;
  /** pg-boss's clock; tests drive a TestClock. */
  clock?: Clock;
  /** What to schedule and work; the schedules of lib/jobs/schedules.ts unless given. */
  jobs?: JobDefinition[];
  /** Run the sweeps (STARTUP_SWEEPS) once when started; by default when the engine runs the real schedules and queues. */
  startupSweeps?: boolean;
  /** How often each worker looks for a job (seconds). A due job waits at most this long. */
  pollingIntervalSeconds?: number;
  /** How many seconds a failed run waits before its first retry (then longer each time). */
  retryDelaySeconds?: number;
  /** Work the queues of lib/jobs/queues.ts too (default); a test of the schedules alone may leave them. */
  workQueues?: boolean;
};

/** Every queue's policy: `stately` keeps at most one run waiting and one running per schedule. */
const QUEUE_OPTIONS = {
  policy: 'stately',
  retryLimit: 3,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  deleteAfterSeconds: 30 * 24 * 3600,
} satisfies Omit<Queue, 'name'>;

export const scheduledJobs = (): JobDefinition[] =>
  SCHEDULES.map((s) => ({ name: s.name, cron: s.cron, timezone: s.timezone, run: () => runSchedule(s.name, { trigger: 'engine' }) }));

/**
 * pg-boss reports every failed poll; while the database is away that is one error every few seconds per worker.
 * The same message is logged once a minute (the app's own requests answer 503 meanwhile, lib/errors.ts).
 */
const lastLogged = new Map<string, number>();
function logEngineError(error: Error): void {
  const at = Date.now();
  const key = error.message;
  if ((lastLogged.get(key) ?? 0) > at - 60_000) return;
  if (lastLogged.size > 100) lastLogged.clear();
  lastLogged.set(key, at);
  logger.error({ err: error }, 'job engine error');
}

/** How a pg-boss instance of this process is made: the engine (works and schedules) or a sender (send and fetch only). */
type BossRole = 'engine' | 'sender';

/**
 * A pg-boss on the process's database, not yet started. The engine holds LISTEN (useListenNotify) so a job sent
 * from any process (a request, a worker, the CLI) wakes its workers at once; a sender neither supervises, schedules
 * nor listens: it only sends jobs and, where no engine runs (Vercel, the CLI, a test), fetches due ones to run them.
 */
async function newBoss(role: BossRole, options: JobEngineOptions): Promise<PgBoss> {
  const handle = await getDbHandle();
  const { PgBoss, fromPglite } = await import('pg-boss');
  const engine = role === 'engine';
  const common = {
    schema: options.schema ?? 'pgboss',
    clock: options.clock,
    instanceName: `custos-${role}-${process.pid}`,
    application_name: engine ? 'custos-jobs' : 'custos-job-sender',
    // Due occurrences wait at most this long to become jobs (the schedules are hourly and daily).
    cronWorkerIntervalSeconds: 15,
    useListenNotify: engine,
    supervise: engine,
    schedule: engine,
    registerInstance: engine,
  };
  let boss: PgBoss;
  if (handle.kind === 'pglite') {
    boss = new PgBoss({ ...common, db: fromPglite(handle.pglite!), backend: 'pglite' });
  } else {
    // JOBS_DATABASE_URL: a direct (session) connection when DATABASE_URL goes through a transaction-mode pooler,
    // which cannot hold the engine's LISTEN; without it the engine would only find jobs by polling.
    const connectionString = env().JOBS_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!connectionString) throw new Error('The job engine needs DATABASE_URL for PostgreSQL.');
    // The engine: two pooled connections plus the one it listens on. A sender: one.
    boss = new PgBoss({ ...common, connectionString, max: engine ? 2 : 1, connectionTimeoutMillis: 5000 });
  }
  boss.on('error', (error) => logEngineError(error));
  boss.on('warning', (warning) => logger.warn({ warning: { message: warning.message, data: warning.data } }, 'job engine warning'));
  return boss;
}

/** Create (or bring up to date) every work queue of lib/jobs/queues.ts. */
export async function createWorkQueues(boss: PgBoss): Promise<void> {
  for (const queue of WORK_QUEUES) {
    await boss.createQueue(queue.name, queue.queue);
    // createQueue leaves an existing queue alone: bring its retry and retention settings up to date.
    const { policy: _policy, ...settings } = queue.queue as typeof queue.queue & { policy?: string };
    void _policy;
    await boss.updateQueue(queue.name, settings);
  }
}

/**
 * A started pg-boss that only sends and fetches (no supervision, no schedules, no LISTEN), with the work queues
 * created: what lib/jobs/enqueue.ts and the drain use in a process without a running engine.
 */
export async function createJobSender(options: JobEngineOptions = {}): Promise<PgBoss> {
  const boss = await newBoss('sender', options);
  await boss.start();
  try {
    await createWorkQueues(boss);
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw error;
  }
  return boss;
}

/**
 * A started pg-boss on the process's database with the schedules scheduled and worked, and every work queue of
 * lib/jobs/queues.ts worked (`concurrency` jobs of a queue at once in this process). The process's engine is
 * `startJobEngine()`; this is also how a test makes a second instance beside it.
 */
export async function createJobEngine(options: JobEngineOptions = {}): Promise<PgBoss> {
  const boss = await newBoss('engine', options);
  await boss.start();
  try {
    for (const job of options.jobs ?? scheduledJobs()) {
      const queue = { ...QUEUE_OPTIONS, retryDelay: options.retryDelaySeconds ?? 60 };
      await boss.createQueue(job.name, queue);
      // createQueue leaves an existing queue alone: bring its retry and retention settings up to date.
      const { policy: _policy, ...settings } = queue;
      void _policy;
      await boss.updateQueue(job.name, settings);
      // `missed: once`: occurrences that fell while no server ran (a deploy, a stopped machine) run once on return.
      await boss.schedule(job.name, job.cron, null, { tz: job.timezone, missed: 'once' });
      await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 15 }, async ([run]) =>
        job.run(run),
      );
    }
    if (options.workQueues !== false) {
      await createWorkQueues(boss);
      for (const queue of WORK_QUEUES) {
        // Woken by NOTIFY the moment a job is sent (any process); polling every few seconds is the floor when
        // the listener is down, and every 30 s a backstop while it is up.
        await boss.work(
          queue.name,
          { batchSize: 1, localConcurrency: queue.concurrency, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5 },
          async ([job]) => {
            try {
              return await runWorkJob(queue.name, job);
            } finally {
              // Look for the next job at once rather than after the polling interval: a backlog (a burst of sends
              // whose NOTIFYs came while the workers were busy) drains at full speed; an empty fetch then waits.
              for (const worker of boss.getWipData()) if (worker.name === queue.name) boss.notifyWorker(worker.id);
            }
          },
        );
      }
    }
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw error;
  }
  return boss;
}

/** The process's running engine, or null (off, still starting, failed or stopped). */
export function getJobEngine(): PgBoss | null {
  return record().boss;
}

/** Whether this process runs the engine: not with JOBS_ENABLED=0, not on Vercel (the cron routes run the jobs). */
export function jobsEnabled(): boolean {
  return env().JOBS_ENABLED !== '0' && !process.env.VERCEL;
}

/** Start the process's engine (once; a second call answers the same engine). Rejects when it cannot start. */
export function startJobEngine(options: JobEngineOptions = {}): Promise<PgBoss> {
  const engine = record();
  if (engine.boss) return Promise.resolve(engine.boss);
  if (engine.starting) return engine.starting;
  engine.state = 'starting';
  engine.schema = options.schema ?? 'pgboss';
  const started = performance.now();
  engine.starting = (async () => {
    const handle = await getDbHandle();
    engine.database = handle.kind;
    return createJobEngine(options);
  })()
    .then((boss) => {
      engine.boss = boss;
      engine.state = 'running';
      logger.info(
        {
          database: engine.database,
          schedules: (options.jobs ?? SCHEDULES).map((j) => `${j.name} ${j.cron}`),
          workQueues: options.workQueues === false ? [] : WORK_QUEUES.map((q) => `${q.name} ×${q.concurrency}`),
          durationMs: Math.round(performance.now() - started),
        },
        'job engine started',
      );
      if (options.startupSweeps ?? (options.jobs === undefined && options.workQueues !== false)) void runStartupSweeps();
      return boss;
    })
    .catch((error: unknown) => {
      engine.state = 'failed';
      logger.error({ err: error }, 'job engine could not start');
      throw error;
    })
    .finally(() => {
      engine.starting = null;
    });
  return engine.starting;
}

/**
 * The sweeps, once, as soon as the engine runs: work whose job was lost while no engine ran (the process died between
 * a commit and its send; a runner died mid-job) goes back on the queues now rather than at the next minute's schedule.
 */
export const STARTUP_SWEEPS = ['deliver-webhooks', 'deliver-email', 'resume-serial-jobs'] as const;

async function runStartupSweeps(): Promise<void> {
  for (const name of STARTUP_SWEEPS) {
    // runSchedule logs its own outcome; a failure here leaves the work to the minute's schedule.
    await runSchedule(name, { trigger: 'engine' }).catch(() => {});
  }
}

/** Stop the process's engine: no new runs are taken, a running one gets up to `timeoutMs` to finish. */
export async function stopJobEngine(timeoutMs = 10_000): Promise<void> {
  const engine = record();
  if (engine.retry) clearTimeout(engine.retry);
  engine.retry = null;
  if (engine.starting) await engine.starting.catch(() => {});
  const boss = engine.boss;
  if (!boss) {
    if (engine.state !== 'off') engine.state = 'stopped';
    return;
  }
  engine.state = 'stopping';
  engine.boss = null;
  try {
    await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  } finally {
    engine.state = 'stopped';
    logger.info('job engine stopped');
  }
}

/**
 * On SIGTERM/SIGINT: stop the engine (a running job gets up to 8 s, inside Docker's default 10 s), and hold the
 * process's exit until it has. Next.js handles the same signal by closing its HTTP server and then calling
 * process.exit at once, which would cut the stop short; its exit waits for ours (never longer than 9 s).
 */
function stopBeforeExit(): void {
  const stopped = Promise.race([
    stopJobEngine(8000).catch((error: unknown) => logger.warn({ err: error }, 'job engine did not stop cleanly')),
    new Promise<void>((resolve) => setTimeout(resolve, 9000).unref()),
  ]);
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    void stopped.finally(() => exit(code));
  }) as typeof process.exit;
}

/**
 * Server start (lib/platform/startup.ts): start the engine in the background, so the server answers at once;
 * when it cannot start (the database is not there yet), try again every minute. SIGTERM and SIGINT stop it.
 */
export function startJobEngineInBackground(): void {
  if (!jobsEnabled()) return;
  const engine = record();
  if (!engine.signals) {
    engine.signals = true;
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, stopBeforeExit);
  }
  const attempt = () => {
    engine.retry = null;
    startJobEngine().catch(() => {
      if (engine.state === 'failed') {
        engine.retry = setTimeout(attempt, 60_000);
        engine.retry.unref();
      }
    });
  };
  attempt();
}
