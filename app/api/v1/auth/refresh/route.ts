import { refreshTokenPair } from '@/lib/auth/refresh-token-pair';
import { refreshSchema, tokenPairSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    summary: 'Spend a refresh token for a new token pair',
    description:
      'Rotation: the presented refresh token is spent and a new one is returned with a new access token. ' +
      'Presenting a spent refresh token again revokes its whole session (every token of the family) and answers 401.',
    tags: ['Auth'],
    access: 'public',
    errors: ['unauthenticated'],
    idempotent: false,
    body: refreshSchema,
    response: tokenPairSchema,
  },
  async ({ body, meta }) => Response.json(await refreshTokenPair(body, meta), { headers: { 'cache-control': 'no-store' } }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
