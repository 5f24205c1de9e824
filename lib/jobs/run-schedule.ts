import { cleanupInactiveUsers } from '@/lib/auth/cleanup-inactive-users';
import type { RequestMeta } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { expireInvitations } from '@/lib/invitations/expire-invitations';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { purgeExpired } from '@/lib/platform/purge-expired';
import { suspendDormantMembers } from '@/lib/tenancy/suspend-dormant-members';
import { scheduleByName, type ScheduleName } from './schedules';

/** Who asked for the run: the engine (a due schedule), a cron route (Vercel), or `npm run cli -- run-schedule`. */
export type ScheduleTrigger = 'engine' | 'cron-route' | 'cli';

/**
 * What a run reports: counts and ids, never an email address or a token. The engine stores it as the pg-boss
 * job's output, the cron routes answer it, the CLI prints it and every run logs it.
 */
export type ScheduleSummary = Record<string, unknown>;

export type RunScheduleOptions = {
  dryRun?: boolean;
  trigger: ScheduleTrigger;
  /** cleanup-inactive-users only: the days instead of INACTIVE_ACCOUNT_DAYS (the cron route's `?days=`). */
  days?: number | string;
  meta?: RequestMeta | null;
};

const RUNNERS: Record<ScheduleName, (options: RunScheduleOptions & { dryRun: boolean }) => Promise<ScheduleSummary>> = {
  // A dry run's summary says so; a real run's is the counts alone, as their cron routes have always answered.
  'purge-expired': async ({ dryRun }) => (dryRun ? { dryRun, ...(await purgeExpired({ dryRun })) } : purgeExpired()),
  'expire-invitations': async ({ dryRun }) => (dryRun ? { dryRun, ...(await expireInvitations({ dryRun })) } : expireInvitations()),
  'suspend-dormant-members': async ({ dryRun }) => {
    const { warned, suspended } = await suspendDormantMembers({ dryRun });
    const tenants = [...new Set([...warned, ...suspended].map((m) => m.tenant))].sort();
    return { dryRun, warned: warned.length, suspended: suspended.length, tenants };
  },
  'cleanup-inactive-users': async ({ dryRun, days, meta }) => {
    const result = await cleanupInactiveUsers({ days: days ?? env().INACTIVE_ACCOUNT_DAYS, dryRun }, { meta });
    return { dryRun: result.dryRun, days: result.days, cutoff: result.cutoff, count: result.count, userIds: result.users.map((u) => u.id) };
  },
  // Loaded when run: both send jobs through lib/jobs/enqueue.ts, which the engine itself loads.
  'deliver-email': async () => (await import('@/lib/email/kick-delivery')).sweepDueMail(),
  'resume-serial-jobs': async () => (await import('@/lib/serials/resume-jobs')).enqueueClaimableSerialJobs(),
  'deliver-webhooks': async () => (await import('@/lib/webhooks/sweep-deliveries')).sweepWebhookDeliveries(),
  'send-notification-digests': async () => (await import('@/lib/notifications/send-digests')).sendNotificationDigests(),
  'check-audit-chains': async () => (await import('@/lib/audit/check-audit-chains')).checkAuditChains(),
  'start-recurring-access-reviews': async ({ dryRun }) =>
    (await import('@/lib/access-reviews/recurring')).startRecurringAccessReviews({ dryRun }),
  'send-access-review-reminders': async ({ dryRun }) =>
    (await import('@/lib/access-reviews/reminders')).sendAccessReviewReminders({ dryRun }),
  'send-overdue-task-mail': async ({ dryRun }) => (await import('@/lib/tasks/send-overdue-task-mail')).sendOverdueTaskMail({ dryRun }),
};

/**
 * Run one schedule's job now, whoever asked: the same function whether the engine found it due, Vercel Cron
 * called its route or an operator ran it from the CLI. Every job is idempotent (a second run finds nothing left
 * to do). Logs one line with the summary (or the error, and rethrows it so the engine records the failure and
 * retries). `dryRun` on a job that has none is refused as bad input naming `dryRun`.
 */
export async function runSchedule(name: ScheduleName, options: RunScheduleOptions): Promise<ScheduleSummary> {
  const definition = scheduleByName(name);
  const dryRun = options.dryRun ?? false;
  if (dryRun && !definition.dryRun) {
    throw validationFailed([{ path: 'dryRun', message: `${name} has no dry run; run it without one, or choose a job that has one.` }]);
  }
  const started = performance.now();
  try {
    const summary = await RUNNERS[name]({ ...options, dryRun });
    logger.info(
      { job: name, trigger: options.trigger, durationMs: Math.round(performance.now() - started), summary },
      'scheduled job finished',
    );
    return summary;
  } catch (error) {
    logger.error(
      { job: name, trigger: options.trigger, durationMs: Math.round(performance.now() - started), err: error },
      'scheduled job failed',
    );
    throw error;
  }
}
