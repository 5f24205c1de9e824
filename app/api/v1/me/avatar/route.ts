import { z } from 'zod';
import { requireUser } from '@/lib/auth/account-context';
import { deleteAvatar, readAvatarUpload, setAvatar } from '@/lib/auth/avatar';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const binary = { type: 'string', format: 'binary' };

export const PUT = route(
  {
    method: 'PUT',
    path: '/api/v1/me/avatar',
    summary: 'Set your profile picture',
    description:
      'Send the image as the raw body, or as the field `file` of a multipart/form-data body. PNG, JPEG or WebP up to 1 MiB; ' +
      'the type is read from the bytes, not from the file name or Content-Type. Anything else is 400 `validation_failed` ' +
      'saying why; over 1 MiB is 413 `payload_too_large`. Answers the new `image` URL.',
    tags: ['Me'],
    access: 'authenticated',
    rawBody: {
      description: 'A PNG, JPEG or WebP image of at most 1 MiB',
      content: {
        'image/png': { schema: binary },
        'image/jpeg': { schema: binary },
        'image/webp': { schema: binary },
        'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: binary } } },
      },
    },
    response: z.object({ image: z.string() }),
  },
  async ({ actor, meta, request }) => {
    requireUser(actor);
    return setAvatar({ actor, meta }, await readAvatarUpload(request));
  },
);

export const DELETE = route(
  {
    method: 'DELETE',
    path: '/api/v1/me/avatar',
    summary: 'Remove your profile picture',
    tags: ['Me'],
    access: 'authenticated',
    status: 204,
  },
  async ({ actor, meta }) => {
    await deleteAvatar({ actor, meta });
  },
);

export const { GET, POST, PATCH } = methodsNotAllowed(['PUT', 'DELETE']);
