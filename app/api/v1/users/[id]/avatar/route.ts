import { z } from 'zod';
import { getAvatar } from '@/lib/auth/avatar';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/users/{id}/avatar',
    summary: "A person's profile picture",
    description: 'The stored image bytes with their content type; 404 when the person has none. Any signed-in caller.',
    tags: ['Users'],
    access: 'authenticated',
    produces: {
      description: 'The image',
      content: {
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/webp': { schema: { type: 'string', format: 'binary' } },
      },
      notModified: true,
    },
    params: z.object({ id: z.string() }),
  },
  async ({ params, request }) => {
    const avatar = await getAvatar(params.id);
    const etag = `"${avatar.updatedAt.getTime().toString(36)}-${avatar.data.byteLength.toString(36)}"`;
    const headers = {
      'content-type': avatar.contentType,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': 'inline',
      // The URL carries a version (?v=…), so a changed picture is a new URL; private: it needs a session.
      'cache-control': 'private, max-age=86400',
      'last-modified': avatar.updatedAt.toUTCString(),
      etag,
    };
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(avatar.data), {
      status: 200,
      headers: { ...headers, 'content-length': String(avatar.data.byteLength) },
    });
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
