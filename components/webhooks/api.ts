import type {
  WebhookDeliveryDetail,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookEndpointList,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookReplay,
  WebhookTest,
} from '@/lib/webhooks/endpoints/schemas';

/**
 * Query keys, paths and shapes of the webhooks pages (`/t/{tenant}/webhooks`, `/t/{tenant}/webhooks/{id}`). The
 * pages' server prefetch and their panels use exactly these keys; an endpoint's keys sit under the list's, so a
 * change on the endpoint page refreshes the list too.
 */
export type {
  WebhookDeliveryDetail,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookEndpointList,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookReplay,
  WebhookTest,
};

export const webhooksKey = (tenant: string) => ['tenant', tenant, 'webhooks'] as const;
export const webhookKey = (tenant: string, id: string) => [...webhooksKey(tenant), 'endpoint', id] as const;
export const webhookDeliveriesKey = (tenant: string, id: string, status: string) =>
  [...webhookKey(tenant, id), 'deliveries', status] as const;
export const webhookDeliveryKey = (tenant: string, id: string, deliveryId: string) =>
  [...webhookKey(tenant, id), 'delivery', deliveryId] as const;

export const webhooksPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/webhooks`;
export const webhookPath = (tenant: string, id: string) => `${webhooksPath(tenant)}/${encodeURIComponent(id)}`;
export const deliveriesPath = (tenant: string, id: string) => `${webhookPath(tenant, id)}/deliveries`;
export const deliveryPath = (tenant: string, id: string, deliveryId: string) =>
  `${deliveriesPath(tenant, id)}/${encodeURIComponent(deliveryId)}`;

/** How many deliveries a page of the log holds. */
export const DELIVERY_PAGE_SIZE = 25;
