import { buildOpenApi } from '@/lib/http/openapi';
import { env } from '@/lib/platform/env';
import { apiRouteModules } from '../v1/routes';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(buildOpenApi(apiRouteModules, env().APP_URL));
}

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
