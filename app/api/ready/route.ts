import { jobEngineStatus } from '@/lib/jobs/engine-state';
import { readiness } from '@/lib/platform/health';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Readiness: 200 when the database and kv store answer, 503 naming the failing check otherwise. A server that
// runs the job engine (lib/jobs/engine.ts) also says how it is (starting, running, failed…) and on which
// database; the engine does not decide readiness (a request needs none of it).
export const dynamic = 'force-dynamic';

export async function GET() {
  const result = await readiness();
  const jobs = jobEngineStatus();
  return Response.json(
    { status: result.ready ? 'ready' : 'unavailable', checks: result.checks, ...(jobs.state === 'off' ? {} : { jobs }) },
    { status: result.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
