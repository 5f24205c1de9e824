import { getMe } from '@/lib/auth/get-me';
import { meSchema, updateProfileSchema } from '@/lib/auth/schemas';
import { updateProfile } from '@/lib/auth/update-profile';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

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

export const PATCH = route(
  {
    method: 'PATCH',
    path: '/api/v1/me',
    summary: 'Change your name and description',
    description: 'Fields left out stay as they are; `description: null` or `""` clears it. Audited as `user.profile_updated`.',
    tags: ['Me'],
    access: 'authenticated',
    body: updateProfileSchema,
    response: meSchema,
  },
  async ({ actor, meta, body }) => {
    await updateProfile({ actor, meta }, body);
    return getMe(actor);
  },
);

export const { POST, PUT, DELETE } = methodsNotAllowed(['GET', 'PATCH']);
