import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { rotateWebhookEndpointSecret } from '@/lib/webhooks/endpoints/rotate-endpoint-secret';
import { webhookEndpointParamsSchema, webhookEndpointWithSecretSchema } from '@/lib/webhooks/endpoints/schemas';

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}/secret',
    summary: 'Give a webhook endpoint a new signing secret (in this answer only); the previous one keeps signing for 24 hours',
    description:
      'For 24 hours every delivery carries two signatures in `webhook-signature` (one per secret), so the receiver can' +
      ' switch to the new secret without losing deliveries; `previousSecretExpiresAt` says until when. Rotating again' +
      ' within those hours drops the older secret.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: webhookEndpointParamsSchema,
    response: webhookEndpointWithSecretSchema,
    // The answer carries the secret: never stored for replay.
    idempotent: false,
  },
  async ({ ctx, params }) => rotateWebhookEndpointSecret(ctx, params.id),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
