import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Mails the due email digests (hourly ones every hour, daily ones from 07:00 UTC) with the events since their last
// mail; answers how many were due, sent and empty, and how many mails were queued. The schedule
// `send-notification-digests` (lib/jobs/schedules.ts): a long-running server runs it on its job engine; on Vercel,
// Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
// Vercel: the job runs within this request.
export const maxDuration = 60;

const handler = cronRoute('send-notification-digests', () => runSchedule('send-notification-digests', { trigger: 'cron-route' }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
