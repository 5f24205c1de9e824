import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Suspends members who have not used their tenant for its `deactivateAfterDays` and warns those a week from it
// (audited, mailed); `?dryRun=1` only counts them. Answers how many were warned and suspended, and in which tenants
// (never emails). The schedule `suspend-dormant-members` (lib/jobs/schedules.ts): a long-running server runs it on
// its job engine; on Vercel, Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
// Vercel: the job runs within this request.
export const maxDuration = 60;

const handler = cronRoute('suspend-dormant-members', (request) => {
  const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
  return runSchedule('suspend-dormant-members', { trigger: 'cron-route', dryRun });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
