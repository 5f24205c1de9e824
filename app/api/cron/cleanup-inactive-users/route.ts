import { requestMeta } from '@/lib/http/request-meta';
import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Deletes accounts with no sign-in for `?days=` days (default INACTIVE_ACCOUNT_DAYS, 90) and no tenant membership;
// `?dryRun=1` only lists them. Answers the count and the ids (never emails). The schedule `cleanup-inactive-users`
// (lib/jobs/schedules.ts): a long-running server runs it on its job engine; on Vercel, Vercel Cron calls this route
// (GET with `Authorization: Bearer ${CRON_SECRET}`); POST works the same for other schedulers.
export const dynamic = 'force-dynamic';
// Vercel: the job runs within this request.
export const maxDuration = 60;

const handler = cronRoute('cleanup-inactive-users', async (request) => {
  const url = new URL(request.url);
  const dryRun = ['1', 'true'].includes(url.searchParams.get('dryRun') ?? '');
  const days = url.searchParams.get('days') ?? undefined;
  return runSchedule('cleanup-inactive-users', { trigger: 'cron-route', dryRun, days, meta: requestMeta(request) });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
