import { z } from 'zod';
import { verifyEmailSchema } from '@/lib/auth/schemas';
import { verifyEmail } from '@/lib/auth/verify-email';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/verify-email',
    summary: 'Confirm an email address with the token from the verification mail',
    description:
      'The token works once: 409 `link_used` when already used or replaced by a newer one, 410 `link_expired` after 24 hours, 404 when unknown.',
    tags: ['Auth'],
    access: 'public',
    errors: ['not_found', 'link_used', 'link_expired'],
    body: verifyEmailSchema,
    response: z.object({ status: z.literal('verified') }),
  },
  async ({ body, meta }) => verifyEmail(body, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
