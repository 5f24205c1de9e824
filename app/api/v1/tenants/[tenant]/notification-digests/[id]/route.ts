import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { deleteDigest, getDigest, updateDigest } from '@/lib/notifications/digests';
import { digestParamsSchema, digestSchema, updateDigestSchema } from '@/lib/notifications/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/notification-digests/{id}',
    summary: 'An email digest',
    tags: ['Notifications'],
    access: 'webhooks.manage',
    params: digestParamsSchema,
    response: digestSchema,
  },
  async ({ ctx, params }) => getDigest(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/notification-digests/{id}',
    summary: 'Change an email digest, or switch it on or off',
    description: 'Any of the fields; the next mail covers the events since the last one, whatever changed.',
    tags: ['Notifications'],
    access: 'webhooks.manage',
    params: digestParamsSchema,
    body: updateDigestSchema,
    response: digestSchema,
  },
  async ({ ctx, params, body }) => updateDigest(ctx, params.id, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/notification-digests/{id}',
    summary: 'Delete an email digest',
    tags: ['Notifications'],
    access: 'webhooks.manage',
    params: digestParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteDigest(ctx, params.id),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
