import { changePassword } from '@/lib/auth/change-password';
import { changePasswordSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/password',
    summary: 'Change your password',
    description:
      'Needs the current password (wrong → 403 `forbidden` naming `currentPassword`); the new one follows the password policy. ' +
      'Every other session ends and its refresh tokens are spent; the session making the change stays signed in. ' +
      'A notice is mailed to the account.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['conflict'],
    body: changePasswordSchema,
    status: 204,
  },
  async ({ actor, meta, body }) => {
    await changePassword({ actor, meta }, body);
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
