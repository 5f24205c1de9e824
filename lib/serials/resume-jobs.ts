import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { runPendingSerialJobs, type SweepReport } from './run-pending-serial-jobs';

/**
 * Serial jobs in a long-running server (Docker, `next start`): at start, and every SERIAL_JOBS_POLL_SECONDS after,
 * continue the jobs no live process is running — queued ones whose start was lost and running ones whose runner
 * died (heartbeat older than SERIAL_JOBS_STALE_AFTER_SECONDS). So a job survives a restart of the server: the
 * restarted server takes it over from its count. One sweep at a time per process; several servers may sweep at
 * once, since a job's lease lets only one of them extend it. On Vercel (no process between requests) the cron
 * route /api/cron/run-serial-jobs does this instead.
 */
const state = globalThis as unknown as {
  __custosSerialResumer?: { timer: NodeJS.Timeout | null; sweeping: Promise<SweepReport | null> | null };
};

export function startSerialJobResumer(): void {
  if (state.__custosSerialResumer) return;
  const seconds = env().SERIAL_JOBS_POLL_SECONDS;
  if (seconds === 0 || process.env.VERCEL) return;
  const resumer: { timer: NodeJS.Timeout | null; sweeping: Promise<SweepReport | null> | null } = { timer: null, sweeping: null };
  state.__custosSerialResumer = resumer;

  const sweep = () => {
    if (resumer.sweeping) return;
    resumer.sweeping = runPendingSerialJobs({ budgetMs: 24 * 3600_000 })
      .then((report) => {
        if (report.runs > 0) logger.info(report, 'serial jobs resumed');
        return report;
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'serial job sweep failed; trying again later');
        return null;
      })
      .finally(() => {
        resumer.sweeping = null;
      });
  };
  sweep();
  resumer.timer = setInterval(sweep, seconds * 1000);
  resumer.timer.unref();
}
