import { regenerateRecoveryCodes } from '@/lib/auth/mfa/regenerate-recovery-codes';
import { recoveryCodesSchema } from '@/lib/auth/mfa/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/me/mfa/recovery-codes',
    summary: 'Make new recovery codes',
    description:
      'Ten new single-use codes, in this answer only; every earlier code stops working. Needs a recent second-factor check ' +
      '(403 `mfa_required`) and an authenticator app or passkey (409 without). Audited and mailed to you (without the codes).',
    tags: ['Me'],
    access: 'authenticated',
    errors: ['mfa_required', 'conflict'],
    response: recoveryCodesSchema,
    idempotent: false,
  },
  async ({ actor, meta }) => regenerateRecoveryCodes({ actor, meta }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
