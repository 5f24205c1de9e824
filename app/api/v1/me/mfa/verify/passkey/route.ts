import { stepUpPasskeySchema, stepUpResultSchema } from '@/lib/auth/schemas';
import { verifyStepUpWithPasskey } from '@/lib/auth/verify-step-up';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/verify/passkey',
    summary: 'Confirm a second factor for this session with a passkey (step-up)',
    description:
      'The answer of @simplewebauthn/browser `startAuthentication` to the options of `POST /api/v1/me/mfa/verify/passkey/options`, ' +
      'with their `challengeId`, within five minutes. It must be one of your own passkeys. This session then counts as having passed ' +
      'a second factor for 10 minutes. A passkey that is not accepted is 403 `invalid_code`.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['invalid_code', 'conflict'],
    idempotent: false,
    body: stepUpPasskeySchema,
    response: stepUpResultSchema,
  },
  async ({ actor, body, meta }) => verifyStepUpWithPasskey(actor, body, meta),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
