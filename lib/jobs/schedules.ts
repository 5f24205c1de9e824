/**
 * The periodic jobs, one list of data: what runs, when (cron, UTC), and where a serverless deployment triggers
 * it. The job engine (lib/jobs/engine.ts, pg-boss) registers every entry in a long-running server (`next start`,
 * the Docker image); on Vercel, vercel.json calls each entry's cron route on the same cron
 * (tests/unit/schedules.test.ts keeps the two in step). What each one runs: lib/jobs/run-schedule.ts.
 */
export type ScheduleDefinition = {
  /** The pg-boss queue and schedule name, the cron route's last segment and the CLI's `run-schedule <name>`. */
  name: string;
  /** Five-field cron expression, evaluated in `timezone`. */
  cron: string;
  timezone: 'UTC';
  /** The route Vercel Cron calls (GET with `Authorization: Bearer ${CRON_SECRET}`). */
  route: `/api/cron/${string}`;
  /** Whether `--dry-run` can list what the job would do without doing it. */
  dryRun: boolean;
  /** One plain sentence for logs, the CLI's help and the README. */
  summary: string;
};

export const SCHEDULES = [
  {
    name: 'purge-expired',
    cron: '17 * * * *',
    timezone: 'UTC',
    route: '/api/cron/purge-expired',
    dryRun: true,
    summary: 'Deletes spent and expired mail links, refresh tokens, long-ended sessions and expired rate-limit entries.',
  },
  {
    name: 'expire-invitations',
    cron: '41 * * * *',
    timezone: 'UTC',
    route: '/api/cron/expire-invitations',
    dryRun: true,
    summary: 'Marks pending invitations past their expiry as expired, audited in each tenant.',
  },
  {
    name: 'suspend-dormant-members',
    cron: '10 2 * * *',
    timezone: 'UTC',
    route: '/api/cron/suspend-dormant-members',
    dryRun: true,
    summary: 'Suspends members who have not used a tenant for its dormancy period and warns those within a week of it.',
  },
  {
    name: 'cleanup-inactive-users',
    cron: '30 3 * * *',
    timezone: 'UTC',
    route: '/api/cron/cleanup-inactive-users',
    dryRun: true,
    summary: 'Deletes accounts with no sign-in for INACTIVE_ACCOUNT_DAYS days (default 90) that belong to no tenant.',
  },
  {
    name: 'deliver-email',
    cron: '* * * * *',
    timezone: 'UTC',
    route: '/api/cron/deliver-email',
    dryRun: false,
    summary: 'Sends a mail-delivery job when outbox mail is due: mail whose job was lost, and retries after their backoff.',
  },
  {
    name: 'resume-serial-jobs',
    cron: '* * * * *',
    timezone: 'UTC',
    route: '/api/cron/resume-serial-jobs',
    dryRun: false,
    summary: 'Sends a serial-generation job for every serial job whose runner stopped or whose job was lost; it continues from its count.',
  },
  {
    name: 'deliver-webhooks',
    cron: '* * * * *',
    timezone: 'UTC',
    route: '/api/cron/deliver-webhooks',
    dryRun: false,
    summary: 'Sends a webhook-delivery job for every due webhook delivery whose job was lost, whose sender died or whose retry is due.',
  },
  {
    name: 'send-notification-digests',
    cron: '5 * * * *',
    timezone: 'UTC',
    route: '/api/cron/send-notification-digests',
    dryRun: false,
    summary:
      'Mails each due email digest (hourly, or daily from 07:00 UTC) the tenant’s chosen events since its last mail; empty ones send nothing.',
  },
  {
    name: 'check-audit-chains',
    cron: '45 4 * * *',
    timezone: 'UTC',
    route: '/api/cron/check-audit-chains',
    dryRun: false,
    summary: 'Verifies every tenant’s audit hash chain and raises audit.chain.broken once per break found (and tells the platform trail).',
  },
  {
    name: 'send-overdue-task-mail',
    cron: '20 6 * * *',
    timezone: 'UTC',
    route: '/api/cron/send-overdue-task-mail',
    dryRun: true,
    summary: 'Mails each assignee their tasks that became overdue (due before today, still open), once per due date.',
  },
  {
    name: 'start-recurring-access-reviews',
    cron: '15 0 * * *',
    timezone: 'UTC',
    route: '/api/cron/start-recurring-access-reviews',
    dryRun: true,
    summary: 'Starts the next campaign of each quarterly or yearly access review a period after it started, never two of one.',
  },
  {
    name: 'send-access-review-reminders',
    cron: '35 6 * * *',
    timezone: 'UTC',
    route: '/api/cron/send-access-review-reminders',
    dryRun: true,
    summary: 'Reminds reviewers of open access reviews three days before the due date and escalates overdue ones to the admins, each once.',
  },
] as const satisfies readonly ScheduleDefinition[];

export type ScheduleName = (typeof SCHEDULES)[number]['name'];

/**
 * The cron route that drains the work queues of lib/jobs/queues.ts (serial generation, mail, webhooks) where no
 * engine runs between requests (Vercel): every minute it runs the due jobs within its time limit.
 */
export const DRAIN_CRON_ROUTE = '/api/cron/run-jobs';

export function isScheduleName(name: string): name is ScheduleName {
  return SCHEDULES.some((s) => s.name === name);
}

export function scheduleByName(name: ScheduleName): (typeof SCHEDULES)[number] {
  return SCHEDULES.find((s) => s.name === name)!;
}
