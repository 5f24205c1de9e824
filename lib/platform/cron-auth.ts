import { createHash, timingSafeEqual } from 'node:crypto';
import { errorResponse } from '@/lib/http/route';
import { problemResponse } from '@/lib/http/problem';
import { requestIdFrom } from '@/lib/http/request-meta';
import { env } from './env';
import { logger } from './logger';

/**
 * Scheduled jobs (Vercel Cron, a crontab with curl) call `/api/cron/*` with
 * `Authorization: Bearer ${CRON_SECRET}` — what Vercel Cron sends when CRON_SECRET is set.
 * Without CRON_SECRET the cron routes do not exist (404); a missing or wrong secret is 401.
 */
const digest = (value: string) => createHash('sha256').update(value).digest();

/** null when the request may run the job, otherwise the problem response to send. */
function checkCronAuth(request: Request): Response | null {
  const requestId = requestIdFrom(request.headers);
  const secret = env().CRON_SECRET;
  if (!secret) return problemResponse(404, 'not_found', 'No such endpoint.', requestId);
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match || !timingSafeEqual(digest(match[1]), digest(secret))) {
    return problemResponse(401, 'unauthenticated', 'Send Authorization: Bearer <CRON_SECRET>.', requestId, {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  return null;
}

/** A cron route handler: checks the secret, runs the job, answers its JSON report (or a problem). */
export function cronRoute(name: string, job: (request: Request) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    const refused = checkCronAuth(request);
    if (refused) {
      refused.headers.set('x-request-id', requestId);
      return refused;
    }
    const started = performance.now();
    let response: Response;
    try {
      response = Response.json(await job(request), { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    response.headers.set('x-request-id', requestId);
    logger.info({ requestId, job: name, status: response.status, durationMs: Math.round(performance.now() - started) }, 'cron');
    return response;
  };
}
