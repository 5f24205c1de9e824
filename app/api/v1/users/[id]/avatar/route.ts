import { z } from 'zod';
import { getAvatar } from '@/lib/auth/avatar';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route(
  {
    method: 'GET',
    path: '/api/v1/users/{id}/avatar',
    summary: "A person's profile picture",
    description:
      'A square WebP thumbnail of the picture, `size` 64 or 256 px (the default), without any metadata of the upload; ' +
      'the uploaded file itself is never served. 404 when the person has none. Any signed-in caller. The `image` URL ' +
      'carries a version (`v`): a URL with the current version may be cached for good, others are revalidated by ETag.',
    tags: ['Users'],
    access: 'authenticated',
    produces: {
      description: 'The thumbnail',
      content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } },
      notModified: true,
    },
    params: z.object({ id: z.string() }),
    query: z.object({
      /** Width and height in pixels. */
      size: z.enum(['64', '256'], 'Use 64 or 256.').default('256'),
      /** The picture's version, from the `image` URL. */
      v: z.string().max(20).optional(),
    }),
  },
  async ({ params, query, request }) => {
    const size = query.size === '64' ? 64 : 256;
    const avatar = await getAvatar(params.id, size);
    const version = String(avatar.updatedAt.getTime());
    const etag = `"${avatar.updatedAt.getTime().toString(36)}-${size}-${avatar.data.byteLength.toString(36)}"`;
    const headers = {
      'content-type': avatar.contentType,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': 'inline',
      // private: it needs a session. The current version's URL never changes content; any other URL is checked again.
      'cache-control': query.v === version ? 'private, max-age=31536000, immutable' : 'private, no-cache',
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
