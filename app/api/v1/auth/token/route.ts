import { deviceSetCookie, deviceTokenFrom, issueDeviceToken } from '@/lib/auth/device-cookie';
import { issueTokenPair } from '@/lib/auth/issue-token-pair';
import { signInSchema, tokenPairSchema } from '@/lib/auth/schemas';
import { SecondFactorRequired } from '@/lib/auth/sign-in-challenge';
import { TITLES } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/token',
    summary: 'Exchange an email and password for an access token and a refresh token',
    description:
      'Starts an API session: a 15-minute access token (`Authorization: Bearer …`) and a 30-day refresh token. ' +
      'A wrong email or password is 401 with the same answer either way; an unconfirmed email is 403 `email_unverified`; ' +
      'too many failures are 429 `rate_limited` with `Retry-After`. A success sets the `custos-device` cookie; sent again, ' +
      "it lets this browser sign in while strangers' failures have locked the email. " +
      'For a person with a second factor the right password answers **401 `mfa_required`** with an extra member ' +
      '`mfaToken` (valid 5 minutes, single use): send it with a code to `POST /api/v1/auth/token/mfa` for the token pair.',
    tags: ['Auth'],
    access: 'public',
    errors: ['unauthenticated', 'email_unverified', 'rate_limited', 'account_deactivated'],
    idempotent: false,
    body: signInSchema,
    response: tokenPairSchema,
  },
  async ({ request, body, meta }) => {
    const deviceToken = deviceTokenFrom(request.headers.get('cookie'));
    const pair = await issueTokenPair(body, meta, { deviceToken }).catch((error: unknown) => {
      if (error instanceof SecondFactorRequired) return error;
      throw error;
    });
    if (pair instanceof SecondFactorRequired) return secondFactorRequired(pair, meta.requestId);
    return Response.json(pair, {
      headers: { 'cache-control': 'no-store', 'set-cookie': deviceSetCookie(issueDeviceToken(pair.user.email)) },
    });
  },
);

/** The 401 of step one: a problem (RFC 9457) with the extra member `mfaToken`. */
function secondFactorRequired(error: SecondFactorRequired, requestId: string): Response {
  const body = {
    type: 'https://custos.dev/problems/mfa-required',
    title: TITLES[401],
    status: 401,
    detail: error.message,
    code: error.code,
    mfaToken: error.mfaToken,
    requestId,
  };
  return Response.json(body, { status: 401, headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' } });
}

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
