import { route } from '@/lib/http/route';
import { changeTenant } from '@/lib/platform-admin/change-tenant';
import {
  adminTenantParamsSchema,
  adminTenantSchema,
  changeTenantSchema,
  wipeOutQuerySchema,
  wipeOutResultSchema,
} from '@/lib/platform-admin/schemas';
import { wipeOutTenant } from '@/lib/platform-admin/wipe-out-tenant';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const PATCH = route(
  {
    method: 'PATCH',
    path: '/api/v1/admin/tenants/{tenant}',
    summary: "Change a tenant's plan or suspend / reactivate it (platform admins)",
    description:
      'A plan smaller than the seats in use is 409 `seat_limit_reached`. Members of a suspended tenant get 403 `tenant_suspended`.',
    tags: ['Platform administration'],
    access: 'platform_admin',
    errors: ['seat_limit_reached', 'conflict'],
    params: adminTenantParamsSchema,
    body: changeTenantSchema,
    response: adminTenantSchema,
  },
  async ({ actor, params, body, meta }) => changeTenant(actor, params.tenant, body, meta),
);

export const DELETE = route(
  {
    method: 'DELETE',
    path: '/api/v1/admin/tenants/{tenant}',
    summary: 'Wipe out a tenant and every row of its data; confirm with ?confirm={tenant} (platform admins)',
    description:
      'One transaction; irreversible. Recorded in the platform trail with the slug, name and the rows deleted per table.' +
      ' Needs a second-factor check in the last 10 minutes when you have a second factor (else 403 `mfa_required`; confirm with `POST /api/v1/me/mfa/verify`, then retry).',
    tags: ['Platform administration'],
    access: 'platform_admin',
    params: adminTenantParamsSchema,
    query: wipeOutQuerySchema,
    response: wipeOutResultSchema,
    errors: ['mfa_required'],
  },
  async ({ actor, params, query, meta }) => wipeOutTenant(actor, params.tenant, query, meta),
);

export const { GET, POST, PUT } = methodsNotAllowed(['PATCH', 'DELETE']);
