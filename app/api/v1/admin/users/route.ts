import { route } from '@/lib/http/route';
import { listUsers } from '@/lib/platform-admin/list-users';
import { adminUserListSchema, listUsersQuerySchema } from '@/lib/platform-admin/user-schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/admin/users',
    summary: 'Every account with its status, tenants and last sign-in (platform admins)',
    description:
      'A–Z by email. `q` matches name or email (any case); `status` keeps `active` or `deactivated` accounts only. `tenantCount` counts active and suspended memberships.',
    tags: ['Platform administration'],
    access: 'platform_admin',
    query: listUsersQuerySchema,
    response: adminUserListSchema,
  },
  async ({ actor, query }) => listUsers(actor, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
