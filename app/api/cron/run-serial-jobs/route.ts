import { cronRoute } from '@/lib/platform/cron-auth';
import { runPendingSerialJobs } from '@/lib/serials/run-pending-serial-jobs';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Continues serial generation jobs: queued ones, and running ones whose runner died (heartbeat stale), each from
// its count, for up to `?budgetMs=` (default 50 s; a job cut short is continued by the next run). Answers how many
// runs completed, failed, paused or were interrupted. Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`.
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const handler = cronRoute('run-serial-jobs', async (request) => {
  const budget = Number(new URL(request.url).searchParams.get('budgetMs') ?? 50_000);
  return runPendingSerialJobs({ budgetMs: Number.isFinite(budget) && budget > 0 ? Math.min(budget, 800_000) : 50_000 });
});

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
