import { webhookDeliveries, webhookEvents } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { TEST_EVENT_TYPE } from '../event-types';
import { rememberDeliveries } from '../pending-deliveries';
import { endpointById } from './queries';
import type { WebhookTest } from './schemas';

/**
 * `POST /api/v1/tenants/{tenant}/webhooks/{id}/test`: send a `webhook.test` event to this endpoint only (one event,
 * one delivery, whatever the endpoint subscribes to), handed to the job engine after the commit. The answer names the
 * delivery, so the caller can follow it in the log. An endpoint that is off: 409. Needs `webhooks.manage`; audited
 * as `webhook_endpoint.test_sent`.
 */
export async function sendWebhookTestEvent(ctx: TenantContext, endpointId: string): Promise<WebhookTest> {
  requirePermission(ctx, 'webhooks.manage');
  const endpoint = await endpointById(ctx.db, ctx.tenant.id, endpointId, { lock: true });
  if (!endpoint.enabled) throw conflict('The endpoint is off: switch it on before sending to it.');
  const at = now();
  const [event] = await ctx.db
    .insert(webhookEvents)
    .values({
      tenantId: ctx.tenant.id,
      type: TEST_EVENT_TYPE,
      payload: {
        type: TEST_EVENT_TYPE,
        timestamp: at.toISOString(),
        data: { message: 'A test event from Custos.', tenant: ctx.tenant.slug, endpointId: endpoint.id },
      },
      createdAt: at,
    })
    .returning({ id: webhookEvents.id });
  const [delivery] = await ctx.db
    .insert(webhookDeliveries)
    .values({ tenantId: ctx.tenant.id, endpointId: endpoint.id, eventId: event.id, createdAt: at, nextAttemptAt: at })
    .returning({ id: webhookDeliveries.id });
  await recordAudit(ctx, {
    action: 'webhook_endpoint.test_sent',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
    before: null,
    after: { url: endpoint.url, eventId: event.id },
  });
  rememberDeliveries(ctx.tenant.id, [delivery.id]);
  return { deliveryId: delivery.id, eventId: event.id };
}
