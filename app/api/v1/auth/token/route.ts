import { deviceSetCookie, deviceTokenFrom, issueDeviceToken } from '@/lib/auth/device-cookie';
import { issueTokenPair } from '@/lib/auth/issue-token-pair';
import { signInSchema, tokenPairSchema } from '@/lib/auth/schemas';
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
      "it lets this browser sign in while strangers' failures have locked the email.",
    tags: ['Auth'],
    access: 'public',
    errors: ['unauthenticated', 'email_unverified', 'rate_limited'],
    idempotent: false,
    body: signInSchema,
    response: tokenPairSchema,
  },
  async ({ request, body, meta }) => {
    const pair = await issueTokenPair(body, meta, { deviceToken: deviceTokenFrom(request.headers.get('cookie')) });
    return Response.json(pair, {
      headers: { 'cache-control': 'no-store', 'set-cookie': deviceSetCookie(issueDeviceToken(pair.user.email)) },
    });
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
