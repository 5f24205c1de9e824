import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEvents } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { parseInput } from '@/lib/validation';
import { endpointById } from './queries';
import {
  listDeliveriesQuerySchema,
  type ListDeliveriesQuery,
  type WebhookDeliveryDetail,
  type WebhookDeliveryPage,
  type WebhookDeliveryView,
} from './schemas';

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function deliveryView(row: DeliveryRow, eventType: string): WebhookDeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastDurationMs: row.lastDurationMs,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}

/**
 * `GET /api/v1/tenants/{tenant}/webhooks/{id}/deliveries`: the endpoint's delivery log, newest first, keyset paged
 * (`nextCursor`), optionally only `pending`, `succeeded` or `failed`. Needs `webhooks.manage`.
 */
export async function listWebhookDeliveries(
  ctx: TenantContext,
  endpointId: string,
  query: ListDeliveriesQuery,
): Promise<WebhookDeliveryPage> {
  requirePermission(ctx, 'webhooks.manage');
  const { limit, cursor, status } = parseInput(listDeliveriesQuerySchema, query);
  const endpoint = await endpointById(ctx.db, ctx.tenant.id, endpointId);
  const conditions: SQL[] = [eq(webhookDeliveries.tenantId, ctx.tenant.id), eq(webhookDeliveries.endpointId, endpoint.id)];
  if (status) conditions.push(eq(webhookDeliveries.status, status));
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
    conditions.push(sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ row: webhookDeliveries, eventType: webhookEvents.type, key: cursorTime(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => deliveryView(r.row, r.eventType)),
    nextCursor: rows.length > limit && last ? encodeSortCursor('created', last.key, last.row.id) : null,
  };
}

/** A delivery of the endpoint with its event, or 404 (another endpoint's or tenant's delivery too). */
export async function deliveryOfEndpoint(ctx: TenantContext, endpointId: string, deliveryId: string, options: { lock?: boolean } = {}) {
  const query = ctx.db
    .select({ row: webhookDeliveries, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.tenantId, ctx.tenant.id),
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.id, deliveryId),
      ),
    )
    .limit(1);
  const [found] = options.lock ? await query.for('update', { of: webhookDeliveries }) : await query;
  if (!found) throw notFound('delivery');
  return found;
}

/**
 * `GET /api/v1/tenants/{tenant}/webhooks/{id}/deliveries/{deliveryId}`: one delivery with the body sent and every
 * attempt (response code, duration, error). Needs `webhooks.manage`.
 */
export async function getWebhookDelivery(ctx: TenantContext, endpointId: string, deliveryId: string): Promise<WebhookDeliveryDetail> {
  requirePermission(ctx, 'webhooks.manage');
  const endpoint = await endpointById(ctx.db, ctx.tenant.id, endpointId);
  const { row, event } = await deliveryOfEndpoint(ctx, endpoint.id, deliveryId);
  const attempts = await ctx.db
    .select()
    .from(webhookDeliveryAttempts)
    .where(and(eq(webhookDeliveryAttempts.tenantId, ctx.tenant.id), eq(webhookDeliveryAttempts.deliveryId, row.id)))
    .orderBy(asc(webhookDeliveryAttempts.startedAt), asc(webhookDeliveryAttempts.attempt));
  return {
    ...deliveryView(row, event.type),
    payload: event.payload,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
      succeeded: a.succeeded,
    })),
  };
}
