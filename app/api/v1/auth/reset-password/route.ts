import { resetPassword } from '@/lib/auth/reset-password';
import { resetPasswordSchema } from '@/lib/auth/schemas';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/reset-password',
    summary: 'Set a new password with the token from the reset mail',
    description:
      'Ends every session of the account (console and API) and spends its refresh tokens. 409 `link_used`, 410 `link_expired` (after 1 hour), 404 unknown link.',
    tags: ['Auth'],
    access: 'public',
    errors: ['not_found', 'link_used', 'link_expired'],
    body: resetPasswordSchema,
    status: 204,
  },
  async ({ body, meta }) => {
    await resetPassword(body, meta);
    kickDelivery();
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
