// `npm run worker`: the job engine alone (lib/jobs/engine.ts), no HTTP server — for scale-out beside the web servers.
//
// It works every work queue (serial generation, mail delivery, webhook delivery) and the schedules, on the
// PostgreSQL database of DATABASE_URL. Any number of workers and servers may share the queues: pg-boss hands each
// job to one of them (SELECT … FOR UPDATE SKIP LOCKED), a schedule's occurrence becomes one job, and a job sent
// anywhere wakes every worker at once (LISTEN/NOTIFY). Web servers may then run with JOBS_ENABLED=0 (that setting
// does not stop a worker). SIGTERM or SIGINT: no new job is taken, a running one gets up to 8 s, then it exits 0.
import { closeDb } from '@/db/client';
import { startJobEngine, stopJobEngine } from '@/lib/jobs/engine';
import { EnvError, env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';

async function main(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`The worker cannot start: the configuration has ${error.problems.length} problem(s):`);
      for (const problem of error.problems) console.error(`  - ${problem}`);
      process.exit(1);
    }
    throw error;
  }
  if (!process.env.DATABASE_URL) {
    console.error(
      'The worker needs DATABASE_URL (PostgreSQL). The embedded database belongs to its one server process, whose engine runs the jobs.',
    );
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping');
    void stopJobEngine(8000)
      .catch((error: unknown) => logger.warn({ err: error }, 'job engine did not stop cleanly'))
      .then(() => closeDb())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  // The database may not be up yet (compose starts them together): try again every 5 s, up to a minute.
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await startJobEngine();
      logger.info({ pid: process.pid }, 'worker running');
      return;
    } catch (error) {
      if (attempt >= 12) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'worker could not start');
  process.exit(1);
});
