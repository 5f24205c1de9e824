import { z } from 'zod';
import { requestPasswordReset } from '@/lib/auth/request-password-reset';
import { forgotPasswordSchema } from '@/lib/auth/schemas';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/forgot-password',
    summary: 'Mail a password reset link',
    description: 'Always 202 with the same body, whether or not the email has an account. The link works once and expires after 1 hour.',
    tags: ['Auth'],
    access: 'public',
    body: forgotPasswordSchema,
    response: z.object({ status: z.literal('accepted') }),
    status: 202,
  },
  async ({ body, meta }) => {
    const result = await requestPasswordReset(body, meta);
    kickDelivery();
    return result;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
