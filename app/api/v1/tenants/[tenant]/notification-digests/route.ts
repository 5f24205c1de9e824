import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { createDigest, listDigests } from '@/lib/notifications/digests';
import { createDigestSchema, digestListParamsSchema, digestListSchema, digestSchema } from '@/lib/notifications/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/notification-digests',
    summary: 'Email digests of chosen events',
    description: 'Every email digest of the tenant, by name. Slack and Teams channels are webhook endpoints (`format`).',
    tags: ['Notifications'],
    access: 'webhooks.manage',
    params: digestListParamsSchema,
    response: digestListSchema,
  },
  async ({ ctx }) => listDigests(ctx),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/notification-digests',
    summary: 'Add an email digest',
    description:
      'Mails the tenant’s events of the chosen types to `recipients` (empty: the tenant’s admins) every hour or every day ' +
      '(07:00 UTC), listing what happened since the last mail; nothing is sent when nothing happened. ' +
      'At most 25 digests per tenant (409 `conflict`).',
    tags: ['Notifications'],
    access: 'webhooks.manage',
    errors: ['conflict'],
    params: digestListParamsSchema,
    body: createDigestSchema,
    response: digestSchema,
    status: 201,
  },
  async ({ ctx, body }) => createDigest(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
