import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { listWebhookDeliveries } from '@/lib/webhooks/endpoints/deliveries';
import { listDeliveriesQuerySchema, webhookDeliveryPageSchema, webhookEndpointParamsSchema } from '@/lib/webhooks/endpoints/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}/deliveries',
    summary: 'The endpoint’s delivery log, newest first (status, last response code and duration, attempts)',
    description: 'Keyset paged: pass `nextCursor` as `cursor`. `status` filters to pending, succeeded or failed deliveries.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: webhookEndpointParamsSchema,
    query: listDeliveriesQuerySchema,
    response: webhookDeliveryPageSchema,
  },
  async ({ ctx, params, query }) => listWebhookDeliveries(ctx, params.id, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
