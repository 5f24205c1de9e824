import { buildOpenApi } from '@/lib/http/openapi';
import { env } from '@/lib/platform/env';
import { apiRouteModules } from '../v1/routes';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(buildOpenApi(apiRouteModules, env().APP_URL));
}
