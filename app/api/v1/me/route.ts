import { getMe } from '@/lib/auth/get-me';
import { meSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/route';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in person, with their tenants and roles',
    tags: ['Me'],
    access: 'authenticated',
    response: meSchema,
  },
  async ({ actor }) => getMe(actor),
);
