import { asc, eq } from 'drizzle-orm';
import { webhookEndpoints } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { WEBHOOK_EVENT_TYPES } from '../event-types';
import { endpointById, endpointView, lastDeliveries } from './queries';
import type { WebhookEndpointList, WebhookEndpointView, WebhookEventTypeList } from './schemas';

/** `GET /api/v1/tenants/{tenant}/webhooks`: the tenant's endpoints (at most 20), oldest first, never a secret. */
export async function listWebhookEndpoints(ctx: TenantContext): Promise<WebhookEndpointList> {
  requirePermission(ctx, 'webhooks.manage');
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, ctx.tenant.id))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  const last = await lastDeliveries(
    ctx.db,
    ctx.tenant.id,
    rows.map((r) => r.id),
  );
  return { data: rows.map((r) => endpointView(r, last.get(r.id) ?? null)) };
}

/** `GET /api/v1/tenants/{tenant}/webhooks/{id}`: one endpoint, never its secret. */
export async function getWebhookEndpoint(ctx: TenantContext, id: string): Promise<WebhookEndpointView> {
  requirePermission(ctx, 'webhooks.manage');
  const row = await endpointById(ctx.db, ctx.tenant.id, id);
  const last = await lastDeliveries(ctx.db, ctx.tenant.id, [row.id]);
  return endpointView(row, last.get(row.id) ?? null);
}

/** `GET /api/v1/tenants/{tenant}/webhook-event-types`: the catalog an endpoint subscribes from. */
export function listWebhookEventTypes(ctx: TenantContext): WebhookEventTypeList {
  requirePermission(ctx, 'webhooks.manage');
  return { data: WEBHOOK_EVENT_TYPES.map((e) => ({ type: e.type, family: e.type.split('.')[0], description: e.description })) };
}
