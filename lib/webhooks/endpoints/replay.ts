import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { webhookDeliveries } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { TEST_EVENT_TYPE } from '../event-types';
import { rememberDeliveries } from '../pending-deliveries';
import { MAX_REPLAY_DELIVERIES, replayRangeErrors } from '../policy';
import { deliveryOfEndpoint } from './deliveries';
import { endpointById, type EndpointRow } from './queries';
import { replayRangeSchema, type ReplayRangeInput, type WebhookReplay } from './schemas';

function requireEnabled(endpoint: EndpointRow) {
  if (!endpoint.enabled) throw conflict('The endpoint is off: switch it on before sending to it.');
}

/**
 * `POST …/webhooks/{id}/deliveries/{deliveryId}/replay`: send one delivery again, now: it becomes pending and due
 * at once, with the same `webhook-id` (its attempts count on). It is handed to the job engine after the commit.
 * An endpoint that is off: 409. Needs `webhooks.manage`; audited as `webhook_endpoint.replayed`.
 */
export async function replayWebhookDelivery(ctx: TenantContext, endpointId: string, deliveryId: string): Promise<WebhookReplay> {
  requirePermission(ctx, 'webhooks.manage');
  const endpoint = await endpointById(ctx.db, ctx.tenant.id, endpointId, { lock: true });
  const { row, event } = await deliveryOfEndpoint(ctx, endpoint.id, deliveryId, { lock: true });
  requireEnabled(endpoint);
  await ctx.db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: now(), leaseUntil: null, deliveredAt: null })
    .where(eq(webhookDeliveries.id, row.id));
  await recordAudit(ctx, {
    action: 'webhook_endpoint.replayed',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
    before: null,
    after: { url: endpoint.url, deliveries: 1, eventType: event.type, eventId: event.id },
  });
  rememberDeliveries(ctx.tenant.id, [row.id]);
  return { deliveryIds: [row.id] };
}

/**
 * `POST …/webhooks/{id}/replay` `{from, to}`: send again every event raised in [from, to) that the endpoint is
 * subscribed to now or was sent before: existing deliveries become pending and due at once, missing ones are
 * created. At most 1000 in one call (400 naming `to`: split the range). Test events are replayed only where they
 * were sent. An endpoint that is off: 409. Needs `webhooks.manage`; audited as `webhook_endpoint.replayed`.
 */
export async function replayWebhookRange(ctx: TenantContext, endpointId: string, input: ReplayRangeInput): Promise<WebhookReplay> {
  requirePermission(ctx, 'webhooks.manage');
  const data = parseInput(replayRangeSchema, input);
  const from = new Date(data.from);
  const to = new Date(data.to);
  const rangeErrors = replayRangeErrors(from, to);
  if (rangeErrors.length > 0) throw validationFailed(rangeErrors);
  const endpoint = await endpointById(ctx.db, ctx.tenant.id, endpointId, { lock: true });
  requireEnabled(endpoint);

  const patterns = JSON.stringify(endpoint.eventTypes);
  const chosen = sql`
    from webhook_events ev
    where ev.tenant_id = ${ctx.tenant.id}
      and ev.created_at >= ${from.toISOString()}::timestamptz and ev.created_at < ${to.toISOString()}::timestamptz
      and ((ev.type <> ${TEST_EVENT_TYPE}
            and array(select jsonb_array_elements_text(${patterns}::jsonb)) && array[ev.type, split_part(ev.type, '.', 1) || '.*', '*']::text[])
        or exists (select 1 from webhook_deliveries d where d.endpoint_id = ${endpoint.id} and d.event_id = ev.id))`;
  const [{ n }] = rowsOf<{ n: number | string }>(await ctx.db.execute(sql`select count(*) as n ${chosen}`));
  if (Number(n) > MAX_REPLAY_DELIVERIES)
    throw validationFailed([
      {
        path: 'to',
        message: `The range holds ${Number(n)} events; replay at most ${MAX_REPLAY_DELIVERIES} at a time (choose a shorter range).`,
      },
    ]);
  const at = now().toISOString();
  const result = await ctx.db.execute(sql`
    insert into webhook_deliveries (tenant_id, endpoint_id, event_id, created_at, next_attempt_at)
    select ${ctx.tenant.id}, ${endpoint.id}, ev.id, ${at}::timestamptz, ${at}::timestamptz ${chosen}
    on conflict (endpoint_id, event_id) do update
      set status = 'pending', next_attempt_at = excluded.next_attempt_at, lease_until = null, delivered_at = null
    returning id`);
  const deliveryIds = rowsOf<{ id: string }>(result).map((r) => r.id);
  await recordAudit(ctx, {
    action: 'webhook_endpoint.replayed',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
    before: null,
    after: { url: endpoint.url, deliveries: deliveryIds.length, from: from.toISOString(), to: to.toISOString() },
  });
  rememberDeliveries(ctx.tenant.id, deliveryIds);
  return { deliveryIds };
}
