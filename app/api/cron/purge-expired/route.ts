import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Deletes expired and spent mail tokens, refresh tokens, long-ended sessions and expired kv entries;
// answers how many of each. The schedule `purge-expired` (lib/jobs/schedules.ts): a long-running server runs it
// on its job engine; on Vercel, Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
// Vercel: the job runs within this request.
export const maxDuration = 60;

const handler = cronRoute('purge-expired', () => runSchedule('purge-expired', { trigger: 'cron-route' }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
