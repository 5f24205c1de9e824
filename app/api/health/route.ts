import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
// Liveness: the process is up. Touches nothing else.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
