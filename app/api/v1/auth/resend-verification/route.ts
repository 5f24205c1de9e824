import { z } from 'zod';
import { resendVerification, resendVerificationSchema } from '@/lib/auth/resend-verification';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/resend-verification',
    summary: 'Send a new verification link',
    description:
      'Always 202 with the same body. Only an account whose email is not yet verified gets a mail; the previous link stops working.',
    tags: ['Auth'],
    access: 'public',
    body: resendVerificationSchema,
    response: z.object({ status: z.literal('accepted') }),
    status: 202,
  },
  async ({ body, meta }) => {
    const result = await resendVerification(body, meta);
    kickDelivery();
    return result;
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
