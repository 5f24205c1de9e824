import { confirmTotpEnrolment } from '@/lib/auth/mfa/confirm-totp-enrolment';
import { confirmTotpSchema, recoveryCodesSchema } from '@/lib/auth/mfa/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/totp/confirm',
    summary: 'Finish setting up an authenticator app with a code from it',
    description:
      'The app becomes active and ten new recovery codes replace any earlier ones; they are in this answer only, so keep them safe. ' +
      'A code that does not match: 403 `invalid_code` naming `code`; nothing being set up: 409. This session counts as verified ' +
      'for step-up. Audited (`user.mfa_totp_enabled`) and mailed to you.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['invalid_code', 'conflict'],
    body: confirmTotpSchema,
    response: recoveryCodesSchema,
    idempotent: false,
  },
  async ({ actor, meta, body }) => confirmTotpEnrolment({ actor, meta }, body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
