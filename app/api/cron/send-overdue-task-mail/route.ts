import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Mails each assignee their newly overdue tasks, once per due date (lib/tasks/send-overdue-task-mail.ts); answers
// the counts. The schedule `send-overdue-task-mail` (lib/jobs/schedules.ts): a long-running server runs it on its
// job engine; on Vercel, Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';

export const maxDuration = 60;

const handler = cronRoute('send-overdue-task-mail', (request) => {
  const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
  return runSchedule('send-overdue-task-mail', { trigger: 'cron-route', dryRun });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
