import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Sends a mail-delivery job when outbox mail is due (mail whose job was lost, retries after their backoff); answers
// whether mail was due. The schedule `deliver-email` (lib/jobs/schedules.ts): a long-running server runs it on its
// job engine every minute; on Vercel, Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`)
// and the job runs right after the response (or in /api/cron/run-jobs).
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const handler = cronRoute('deliver-email', () => runSchedule('deliver-email', { trigger: 'cron-route' }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
