import { route } from '@/lib/http/route';
import { reactivateUser } from '@/lib/platform-admin/reactivate-user';
import { adminUserParamsSchema, adminUserSchema } from '@/lib/platform-admin/user-schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/admin/users/{id}/reactivate',
    summary: 'Reactivate a deactivated account (platform admins)',
    description:
      'The person may sign in again and finds their memberships, roles and records as they were. Already active: no change. Audited in the platform trail; the person is mailed.',
    tags: ['Platform administration'],
    access: 'platform_admin',
    params: adminUserParamsSchema,
    response: adminUserSchema,
  },
  async ({ actor, params, meta }) => reactivateUser(actor, params.id, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
