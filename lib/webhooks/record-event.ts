import { sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { now } from '@/lib/platform/clock';
import { rememberDeliveries } from './pending-deliveries';

export type WebhookEventBody = { type: string; timestamp: string; data: Record<string, unknown> };

/**
 * Raise an event in the change's own transaction (the outbox): one statement writes the event and one pending
 * delivery per enabled endpoint of the tenant subscribed to its type (`member.removed`, `member.*` or `*`).
 * The deliveries are sent after the commit (withTenant hands them to the job engine); a rolled-back change leaves
 * no event and sends nothing. `data` must hold no secret: it goes to every subscribed endpoint as it is.
 */
export async function recordWebhookEvent(
  tx: Queryable,
  tenantId: string,
  type: string,
  data: Record<string, unknown>,
): Promise<{ eventId: string; deliveryIds: string[] }> {
  const at = now();
  const body: WebhookEventBody = { type, timestamp: at.toISOString(), data };
  const family = `${type.split('.')[0]}.*`;
  const result = await tx.execute(sql`
    with event as (
      insert into webhook_events (tenant_id, type, payload, created_at)
      values (${tenantId}, ${type}, ${JSON.stringify(body)}::jsonb, ${at.toISOString()}::timestamptz)
      returning id
    ), delivery as (
      insert into webhook_deliveries (tenant_id, endpoint_id, event_id, created_at, next_attempt_at)
      select ${tenantId}, e.id, event.id, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
      from webhook_endpoints e cross join event
      where e.tenant_id = ${tenantId} and e.enabled
        and e.event_types && array[${type}, ${family}, '*']::text[]
      returning id
    )
    select (select id from event) as event_id,
           coalesce((select array_agg(id::text) from delivery), '{}'::text[]) as delivery_ids`);
  const [row] = rowsOf<{ event_id: string; delivery_ids: string[] | string }>(result);
  const deliveryIds = parseTextArray(row.delivery_ids);
  rememberDeliveries(tenantId, deliveryIds);
  return { eventId: row.event_id, deliveryIds };
}

/** A text[] as the driver gives it: an array, or (some paths) the literal `{a,b}`. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',') : [];
}
