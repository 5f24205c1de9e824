import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { createWebhookEndpoint } from '@/lib/webhooks/endpoints/create-endpoint';
import { listWebhookEndpoints } from '@/lib/webhooks/endpoints/list-endpoints';
import { createWebhookEndpointSchema, webhookEndpointListSchema, webhookEndpointWithSecretSchema } from '@/lib/webhooks/endpoints/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/webhooks',
    summary: "The tenant's webhook endpoints (never their secrets), with each one's latest delivery",
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: tenantParamsSchema,
    response: webhookEndpointListSchema,
  },
  async ({ ctx }) => listWebhookEndpoints(ctx),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/webhooks',
    summary: 'Add a webhook endpoint; its signing secret is in this answer only',
    description:
      'Custos POSTs each subscribed event as `{type, timestamp, data}`, signed per the Standard Webhooks spec: headers' +
      ' `webhook-id` (the event id, the same on every retry and replay: deduplicate on it), `webhook-timestamp` (Unix' +
      ' seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with the secret' +
      ' after `whsec_`; two signatures for 24 hours after a rotation). Any 2xx answer is success; anything else, a' +
      ' timeout (10 s) or a redirect is retried with exponential backoff for 3 days, and an endpoint failing for 5 days' +
      ' is switched off and the admins mailed. `format` `slack` or `teams` sends a chat message to an incoming webhook' +
      ' instead. URL: https, no user name or password, not a private or loopback address (WEBHOOKS_ALLOW_PRIVATE=1' +
      ' allows them). `events`: types from `GET /webhook-event-types`, families (`batch.*`) or `*`. At most 20 endpoints.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    errors: ['conflict'],
    params: tenantParamsSchema,
    body: createWebhookEndpointSchema,
    response: webhookEndpointWithSecretSchema,
    status: 201,
    // The answer carries the secret: never stored for replay.
    idempotent: false,
  },
  async ({ ctx, body }) => createWebhookEndpoint(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
