import { passkeyRegistrationOptions } from '@/lib/auth/mfa/passkey-registration-options';
import { passkeyRegistrationOptionsSchema } from '@/lib/auth/mfa/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/passkeys/options',
    summary: 'Options to add a passkey or security key',
    description:
      'Pass `options` to @simplewebauthn/browser `startRegistration({ optionsJSON })` (navigator.credentials.create), then send ' +
      'the answer with `challengeId` to `POST /api/v1/me/mfa/passkeys` within five minutes. Your existing passkeys are excluded. ' +
      'If you have a second factor, this needs a recent check (403 `mfa_required`).',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['mfa_required'],
    response: passkeyRegistrationOptionsSchema,
    idempotent: false,
  },
  async ({ actor, meta }) => passkeyRegistrationOptions({ actor, meta }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
