import { removeTotp } from '@/lib/auth/mfa/remove-totp';
import { totpEnrolmentSchema } from '@/lib/auth/mfa/schemas';
import { startTotpEnrolment } from '@/lib/auth/mfa/start-totp-enrolment';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/totp',
    summary: 'Start setting up an authenticator app',
    description:
      'Answers a new key (`secret`, base32) and its `otpauthUrl` (issuer Custos, your email as label) for the app, shown this once; ' +
      'it is active only after `POST /api/v1/me/mfa/totp/confirm` with a code from the app (starting again replaces it). ' +
      'With an active app already: 409 (remove it first). If you have a second factor, this needs a recent check (403 `mfa_required`).',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['conflict', 'mfa_required'],
    response: totpEnrolmentSchema,
    idempotent: false,
  },
  async ({ actor, meta }) => startTotpEnrolment({ actor, meta }),
);

export const DELETE = route(
  {
    method: 'DELETE',
    path: '/api/v1/me/mfa/totp',
    summary: 'Remove your authenticator app',
    description:
      'Needs a recent second-factor check (403 `mfa_required`). Without another factor left your recovery codes are deleted too. ' +
      'No active app: 404. Audited (`user.mfa_totp_removed`) and mailed to you.',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['mfa_required', 'not_found'],
    status: 204,
  },
  async ({ actor, meta }) => {
    await removeTotp({ actor, meta });
  },
);

export const { GET, PUT, PATCH } = methodsNotAllowed(['POST', 'DELETE']);
