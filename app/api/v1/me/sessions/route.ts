import { z } from 'zod';
import { listSessions } from '@/lib/auth/list-sessions';
import { sessionSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/me/sessions',
    summary: 'Your live sessions, newest first',
    description: 'Every sign-in (console or API token) that is neither revoked nor expired; `current` marks the one making this request.',
    tags: ['Me'],
    access: 'authenticated',
    response: z.array(sessionSchema),
  },
  async ({ actor }) => listSessions(actor!),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
