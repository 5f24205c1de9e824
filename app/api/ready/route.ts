import { jobEngineStatus } from '@/lib/jobs/engine-state';
import { jobQueueCountsWithin } from '@/lib/jobs/job-admin';
import { readiness } from '@/lib/platform/health';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Readiness: 200 when the database and kv store answer, 503 naming the failing check otherwise. It also reports the
// job engine: this process's engine state (off, starting, running, failed…; `off` on Vercel and with JOBS_ENABLED=0)
// and per queue how many jobs wait, run and failed — null when the queue could not be read within a second. The
// jobs never decide readiness (a request needs none of them).
export const dynamic = 'force-dynamic';

export async function GET() {
  const result = await readiness();
  const queues = result.ready ? await jobQueueCountsWithin(1000) : null;
  return Response.json(
    { status: result.ready ? 'ready' : 'unavailable', checks: result.checks, jobs: { ...jobEngineStatus(), queues } },
    { status: result.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
