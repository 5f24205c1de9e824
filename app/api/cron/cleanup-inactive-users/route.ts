import { cleanupInactiveUsers } from '@/lib/auth/cleanup-inactive-users';
import { requestMeta } from '@/lib/http/request-meta';
import { cronRoute } from '@/lib/platform/cron-auth';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Deletes accounts with no sign-in for `?days=` days (default 90) and no tenant membership; `?dryRun=1`
// only lists them. Answers the count and the ids (never emails). Vercel Cron sends GET with
// `Authorization: Bearer ${CRON_SECRET}`; POST works the same for other schedulers.
export const dynamic = 'force-dynamic';

const handler = cronRoute('cleanup-inactive-users', async (request) => {
  const url = new URL(request.url);
  const dryRun = ['1', 'true'].includes(url.searchParams.get('dryRun') ?? '');
  const result = await cleanupInactiveUsers({ days: url.searchParams.get('days') ?? 90, dryRun }, { meta: requestMeta(request) });
  return { dryRun: result.dryRun, days: result.days, cutoff: result.cutoff, count: result.count, userIds: result.users.map((u) => u.id) };
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
