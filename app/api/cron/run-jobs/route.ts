import { cronRoute } from '@/lib/platform/cron-auth';
import { drainWorkQueues } from '@/lib/jobs/drain';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Runs the due jobs of every work queue (serial generation, mail delivery, webhook delivery; lib/jobs/queues.ts)
// within the function's time limit: where no engine runs between requests (Vercel) this is what works the queues.
// `?budgetMs=` shortens the run (default 50 s, at most 280 s). Answers per queue how many jobs completed and failed,
// and whether time ran out. Vercel Cron calls it every minute (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
export const maxDuration = 300;

const handler = cronRoute('run-jobs', async (request) => {
  const budget = Number(new URL(request.url).searchParams.get('budgetMs') ?? 50_000);
  const budgetMs = Number.isFinite(budget) && budget > 0 ? Math.min(budget, 280_000) : 50_000;
  return drainWorkQueues({ deadline: Date.now() + budgetMs });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
