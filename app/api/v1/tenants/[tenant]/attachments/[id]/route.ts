import { tenantRoute } from '@/lib/http/route';
import { contentDisposition, getAttachment } from '@/lib/records/attachments';
import { recordIdParamsSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/attachments/{id}',
    summary: 'Download an attachment',
    description:
      'The file as stored, with its stored Content-Type, `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`. ' +
      'An attachment of a batch needs `batches.read`, of an inspection `inspections.read`.',
    tags: ['Batches'],
    access: 'member',
    produces: {
      description: 'The file, with the content type it was stored with',
      content: {
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/webp': { schema: { type: 'string', format: 'binary' } },
      },
    },
    params: recordIdParamsSchema,
  },
  async ({ ctx, params }) => {
    const file = await getAttachment(ctx, params.id);
    return new Response(new Uint8Array(file.data), {
      headers: {
        'content-type': file.contentType,
        'content-length': String(file.size),
        'content-disposition': contentDisposition(file.fileName),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'content-security-policy': "default-src 'none'; sandbox",
        etag: `"${file.sha256}"`,
      },
    });
  },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
