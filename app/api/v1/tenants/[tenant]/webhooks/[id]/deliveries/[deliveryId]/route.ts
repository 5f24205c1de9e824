import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { getWebhookDelivery } from '@/lib/webhooks/endpoints/deliveries';
import { webhookDeliveryDetailSchema, webhookDeliveryParamsSchema } from '@/lib/webhooks/endpoints/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}/deliveries/{deliveryId}',
    summary: 'One delivery with the body sent and every attempt (response code, duration, error)',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: webhookDeliveryParamsSchema,
    response: webhookDeliveryDetailSchema,
  },
  async ({ ctx, params }) => getWebhookDelivery(ctx, params.id, params.deliveryId),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
