// Every /api/v1 route module, for the generated OpenAPI document (app/api/openapi.json).
// tests/unit/api-routes.test.ts fails when a route.ts under app/api/v1 is missing here.
import * as me from './me/route';
import * as meAvatar from './me/avatar/route';
import * as mePassword from './me/password/route';
import * as userAvatar from './users/[id]/avatar/route';
import * as tenant from './tenants/[tenant]/route';

export const apiRouteModules: Record<string, Record<string, unknown>> = {
  'me/route.ts': me,
  'me/avatar/route.ts': meAvatar,
  'me/password/route.ts': mePassword,
  'users/[id]/avatar/route.ts': userAvatar,
  'tenants/[tenant]/route.ts': tenant,
};
