import { problemResponse } from '@/lib/http/problem';
import { requestIdFrom } from '@/lib/http/request-meta';

/**
 * Any /api path no route serves (Next.js prefers every more specific route): 404 `not_found` problem+json with
 * X-Request-ID, whatever the method, instead of the HTML not-found page.
 */
function unknownPath(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return Promise.resolve(
    problemResponse(404, 'not_found', `No API operation at ${pathname}. See /api/openapi.json.`, requestIdFrom(request.headers)),
  );
}

export const dynamic = 'force-dynamic';
export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
