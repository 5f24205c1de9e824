import { z } from 'zod';
import { revokeOwnSession } from '@/lib/auth/revoke-session';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const DELETE = route(
  {
    method: 'DELETE',
    path: '/api/v1/me/sessions/{id}',
    summary: 'Revoke one of your sessions',
    description:
      'Its cookie or access token is refused from the next request on, and its refresh tokens stop working. ' +
      "Another person's session, or one already ended, is 404.",
    tags: ['Me'],
    access: 'authenticated',
    params: z.strictObject({ id: z.uuid({ message: 'Must be a session id (a UUID).' }) }),
    status: 204,
  },
  async ({ actor, params, meta }) => {
    await revokeOwnSession(actor!, params.id, meta);
  },
);

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(['DELETE']);
