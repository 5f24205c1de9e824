import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Sends a serial-generation job for every serial job whose runner stopped (stale heartbeat) or whose job was lost;
// each continues from its count. Answers how many were sent. The schedule `resume-serial-jobs`
// (lib/jobs/schedules.ts): a long-running server runs it on its job engine every minute; on Vercel, Vercel Cron
// calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const handler = cronRoute('resume-serial-jobs', () => runSchedule('resume-serial-jobs', { trigger: 'cron-route' }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
