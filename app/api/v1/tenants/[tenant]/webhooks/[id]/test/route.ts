import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { webhookEndpointParamsSchema, webhookTestSchema } from '@/lib/webhooks/endpoints/schemas';
import { sendWebhookTestEvent } from '@/lib/webhooks/endpoints/send-test-event';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}/test',
    summary: 'Send a webhook.test event to this endpoint only',
    description: 'Answers the delivery’s id: follow it with `GET …/deliveries/{deliveryId}`. An endpoint that is off: 409.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    errors: ['conflict'],
    params: webhookEndpointParamsSchema,
    response: webhookTestSchema,
    status: 201,
  },
  async ({ ctx, params }) => sendWebhookTestEvent(ctx, params.id),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
