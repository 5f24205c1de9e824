import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Mails each reviewer with unsigned items of an open access review three days before its due date (once per
// campaign), and escalates each overdue campaign to the tenant's admins (once); audited. `?dryRun=1` only counts.
// Answers the counts and the tenants' slugs (never emails). The schedule `send-access-review-reminders`
// (lib/jobs/schedules.ts): a long-running server runs it on its job engine; on Vercel, Vercel Cron calls this route
// (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const handler = cronRoute('send-access-review-reminders', (request) => {
  const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
  return runSchedule('send-access-review-reminders', { trigger: 'cron-route', dryRun });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
