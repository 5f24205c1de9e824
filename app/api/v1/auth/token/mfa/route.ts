import { deviceSetCookie, issueDeviceToken } from '@/lib/auth/device-cookie';
import { issueTokenPairWithSecondFactor } from '@/lib/auth/issue-token-pair-with-second-factor';
import { mfaSignInSchema, tokenPairSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/token/mfa',
    summary: 'Finish signing in with a second factor: the mfaToken and a code for a token pair',
    description:
      'Step two of `POST /api/v1/auth/token` for a person with a second factor: the `mfaToken` of its 401 `mfa_required` ' +
      'answer and a code from the authenticator app or an unused recovery code (a recovery code works once). ' +
      'Answers the usual token pair; its session counts as having passed a second factor for the next 10 minutes (step-up). ' +
      'A wrong code is 401 `invalid_code` and the mfaToken stays usable; an expired (after 5 minutes), used or unknown mfaToken is 401 ' +
      '(start again); too many wrong codes are 429 `rate_limited` with `Retry-After`.',
    tags: ['Auth'],
    access: 'public',
    errors: ['unauthenticated', 'invalid_code', 'rate_limited', 'account_deactivated'],
    idempotent: false,
    body: mfaSignInSchema,
    response: tokenPairSchema,
  },
  async ({ body, meta }) => {
    const pair = await issueTokenPairWithSecondFactor(body, meta);
    return Response.json(pair, {
      headers: { 'cache-control': 'no-store', 'set-cookie': deviceSetCookie(issueDeviceToken(pair.user.email)) },
    });
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
