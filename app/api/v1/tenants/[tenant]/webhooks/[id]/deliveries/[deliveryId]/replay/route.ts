import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { replayWebhookDelivery } from '@/lib/webhooks/endpoints/replay';
import { webhookDeliveryParamsSchema, webhookReplaySchema } from '@/lib/webhooks/endpoints/schemas';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}/deliveries/{deliveryId}/replay',
    summary: 'Send one delivery again now, with the same webhook-id',
    description: 'The delivery becomes pending and is tried at once, then retried as usual. An endpoint that is off: 409.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    errors: ['conflict'],
    params: webhookDeliveryParamsSchema,
    response: webhookReplaySchema,
  },
  async ({ ctx, params }) => replayWebhookDelivery(ctx, params.id, params.deliveryId),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
