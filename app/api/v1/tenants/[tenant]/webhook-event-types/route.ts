import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { listWebhookEventTypes } from '@/lib/webhooks/endpoints/list-endpoints';
import { webhookEventTypeListSchema } from '@/lib/webhooks/endpoints/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/webhook-event-types',
    summary: 'The event types a webhook endpoint can subscribe to, by family',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: tenantParamsSchema,
    response: webhookEventTypeListSchema,
  },
  // eslint-disable-next-line @typescript-eslint/require-await
  async ({ ctx }) => listWebhookEventTypes(ctx),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
