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
  const { events, deliveryIds } = await recordWebhookEvents(tx, tenantId, [type], data);
  return { eventId: events[0].eventId, deliveryIds };
}

/**
 * Several events about one change (a batch released is `batch.status_changed` and `batch.released`), each with
 * the same data, still in one statement.
 */
export async function recordWebhookEvents(
  tx: Queryable,
  tenantId: string,
  types: readonly string[],
  data: Record<string, unknown>,
): Promise<{ events: { eventId: string; type: string }[]; deliveryIds: string[] }> {
  const at = now().toISOString();
  const result = await tx.execute(sql`
    with event as (
      insert into webhook_events (tenant_id, type, payload, created_at)
      select ${tenantId}, t.type,
             jsonb_build_object('type', t.type, 'timestamp', ${at}::text, 'data', ${JSON.stringify(data)}::jsonb),
             ${at}::timestamptz
      from jsonb_array_elements_text(${JSON.stringify(types)}::jsonb) with ordinality as t(type, n)
      order by t.n
      returning id, type
    ), delivery as (
      insert into webhook_deliveries (tenant_id, endpoint_id, event_id, created_at, next_attempt_at)
      select ${tenantId}, e.id, event.id, ${at}::timestamptz, ${at}::timestamptz
      from event join webhook_endpoints e
        on e.tenant_id = ${tenantId} and e.enabled
       and e.event_types && array[event.type, split_part(event.type, '.', 1) || '.*', '*']::text[]
      returning id
    )
    select (select coalesce(jsonb_agg(jsonb_build_object('eventId', id, 'type', type)), '[]'::jsonb) from event) as events,
           (select coalesce(jsonb_agg(id), '[]'::jsonb) from delivery) as delivery_ids`);
  const [row] = rowsOf<{ events: unknown; delivery_ids: unknown }>(result);
  const events = parseJson<{ eventId: string; type: string }[]>(row.events);
  const deliveryIds = parseJson<string[]>(row.delivery_ids);
  // The statement returns the events in no promised order: give them back in the order asked.
  events.sort((a, b) => types.indexOf(a.type) - types.indexOf(b.type));
  rememberDeliveries(tenantId, deliveryIds);
  return { events, deliveryIds };
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
