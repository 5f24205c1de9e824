import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { deleteWebhookEndpoint } from '@/lib/webhooks/endpoints/delete-endpoint';
import { getWebhookEndpoint } from '@/lib/webhooks/endpoints/list-endpoints';
import { updateWebhookEndpointSchema, webhookEndpointParamsSchema, webhookEndpointSchema } from '@/lib/webhooks/endpoints/schemas';
import { updateWebhookEndpoint } from '@/lib/webhooks/endpoints/update-endpoint';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}',
    summary: 'One webhook endpoint (never its secret)',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: webhookEndpointParamsSchema,
    response: webhookEndpointSchema,
  },
  async ({ ctx, params }) => getWebhookEndpoint(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}',
    summary: 'Change a webhook endpoint’s URL, description, events or format, or switch it on or off',
    description: 'Switching an endpoint on again (also after it was switched off for failing) starts its failure count afresh.',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: webhookEndpointParamsSchema,
    body: updateWebhookEndpointSchema,
    response: webhookEndpointSchema,
  },
  async ({ ctx, params, body }) => updateWebhookEndpoint(ctx, params.id, body),
);

export const DELETE = tenantRoute(
  {
    method: 'DELETE',
    path: '/api/v1/tenants/{tenant}/webhooks/{id}',
    summary: 'Delete a webhook endpoint with its delivery log',
    tags: ['Webhooks'],
    access: 'webhooks.manage',
    params: webhookEndpointParamsSchema,
    status: 204,
  },
  async ({ ctx, params }) => deleteWebhookEndpoint(ctx, params.id),
);

export const { POST, PUT } = methodsNotAllowed(['GET', 'PATCH', 'DELETE']);
