import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { replayWebhookRange } from '@/lib/webhooks/endpoints/replay';
import { replayRangeSchema, webhookEndpointParamsSchema, webhookReplaySchema } from '@/lib/webhooks/endpoints/schemas';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}/replay',
    summary: 'Send again every event of a time range the endpoint is subscribed to',
    description:
      'Events raised at or after `from` and before `to`: deliveries already made become pending again (same' +
      ' webhook-id), missing ones are created. At most 1000 per call (400 naming `to`: choose a shorter range).' +
      ' An endpoint that is off: 409.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    errors: ['conflict'],
    params: webhookEndpointParamsSchema,
    body: replayRangeSchema,
    response: webhookReplaySchema,
  },
  async ({ ctx, params, body }) => replayWebhookRange(ctx, params.id, body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
