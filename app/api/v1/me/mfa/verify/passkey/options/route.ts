import { passkeyAuthenticationOptionsSchema } from '@/lib/auth/schemas';
import { stepUpPasskeyOptions } from '@/lib/auth/verify-step-up';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/verify/passkey/options',
    summary: 'Options to confirm a second factor with a passkey (step-up)',
    description:
      'Pass `options` to @simplewebauthn/browser `startAuthentication({ optionsJSON })`, then send the answer with `challengeId` to ' +
      '`POST /api/v1/me/mfa/verify/passkey` within five minutes. Only your own passkeys are offered. Without a second factor: 409 `conflict`.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['conflict'],
    idempotent: false,
    response: passkeyAuthenticationOptionsSchema,
  },
  async ({ actor }) => stepUpPasskeyOptions(actor),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
