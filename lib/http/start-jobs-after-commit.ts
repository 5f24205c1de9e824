import type { RouteHandler } from '@/lib/http/route';
import { enqueueSerialGeneration } from '@/lib/serials/serial-generation-job';

/**
 * Jobs a request has queued, to be started once the request's tenant transaction has committed. The domain
 * function runs inside that transaction, where the new job is not yet visible to a runner (and on PGlite the
 * only connection is taken), so the route notes the job here and `startingJobs` sends it to the job engine's `serial-generation` queue
 * afterwards.
 */
const queued = new WeakMap<Request, Array<{ tenantId: string; jobId: string }>>();

/** Inside the handler: start this job after the request's transaction commits. */
export function startAfterCommit(request: Request, tenantId: string, jobId: string): void {
  const list = queued.get(request) ?? [];
  list.push({ tenantId, jobId });
  queued.set(request, list);
}

/** Wrap a tenant route whose handler calls `startAfterCommit`: when it has answered successfully, the jobs start. */
export function startingJobs(handler: RouteHandler): RouteHandler {
  const wrapped = async (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }) => {
    const response = await handler(request, context);
    const jobs = queued.get(request);
    queued.delete(request);
    // Sent before the response: once the client has the job's id, the job is in the queue (or, when the queue
    // could not be reached, the minute's resume-serial-jobs sweep sends it).
    if (jobs && response.status < 300) await enqueueSerialGeneration(jobs);
    return response;
  };
  return Object.assign(wrapped, { route: handler.route });
}
