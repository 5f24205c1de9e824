import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Starts the next campaign of each quarterly or yearly access review a period after it started (same scope,
// reviewers and owner, named for the new period), never two successors of one campaign; audited. `?dryRun=1` only
// counts. The schedule `start-recurring-access-reviews` (lib/jobs/schedules.ts): a long-running server runs it on its
// job engine; on Vercel, Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const handler = cronRoute('start-recurring-access-reviews', (request) => {
  const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
  return runSchedule('start-recurring-access-reviews', { trigger: 'cron-route', dryRun });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
