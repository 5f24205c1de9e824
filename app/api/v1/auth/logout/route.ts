import { logout } from '@/lib/auth/logout';
import { resolveActor } from '@/lib/auth/resolve-actor';
import { logoutSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'End an API session',
    description:
      "With `refreshToken`, ends that token's session; without it, ends the session of the bearer token or cookie " +
      'sent with the request. Always 204, also for unknown or already ended sessions.',
    tags: ['Auth'],
    access: 'public',
    idempotent: false,
    body: logoutSchema.optional(),
    status: 204,
  },
  async ({ request, body, meta }) => {
    const actor = body?.refreshToken ? null : await resolveActor(request);
    await logout(body ?? {}, actor, meta);
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
