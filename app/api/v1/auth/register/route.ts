import { z } from 'zod';
import { register } from '@/lib/auth/register';
import { registerSchema } from '@/lib/auth/schemas';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/register',
    summary: 'Create an account and send the verification mail',
    description:
      'Always 201 with the same body, also when the email already has an account (its owner is mailed instead, and no second account is made). The account can sign in once the email is verified.',
    tags: ['Auth'],
    access: 'public',
    errors: ['rate_limited'],
    body: registerSchema,
    response: z.object({ status: z.literal('pending_verification') }),
    status: 201,
  },
  async ({ body, meta }) => {
    const result = await register(body, meta);
    kickDelivery();
    return result;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
