import { route } from '@/lib/http/route';
import { deactivateUser } from '@/lib/platform-admin/deactivate-user';
import { adminUserParamsSchema, adminUserSchema, deactivateUserSchema } from '@/lib/platform-admin/user-schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/admin/users/{id}/deactivate',
    summary: 'Deactivate an account: sign-in, sessions, tokens and API keys all refused at once (platform admins)',
    description:
      'Nothing is deleted: memberships, roles and records are kept for a reactivation. Signing in with the right password then answers 403 `account_deactivated`; every session ends now. Your own account: 403; the last active platform admin: 409 `conflict`. Already deactivated: no change. Audited in the platform trail; the person is mailed (with the reason, when given).',
    tags: ['Platform administration'],
    access: 'platform_admin',
    errors: ['conflict'],
    params: adminUserParamsSchema,
    body: deactivateUserSchema,
    response: adminUserSchema,
  },
  async ({ actor, params, body, meta }) => deactivateUser(actor, params.id, body, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
