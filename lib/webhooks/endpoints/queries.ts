import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryStatus } from '@/db/schema/webhooks';
import { notFound } from '@/lib/errors';
import { env } from '@/lib/platform/env';
import type { UrlRules } from '../policy';
import type { WebhookEndpointView } from './schemas';

/** The loaders the endpoint operations share. `tx` is a tenant transaction (row-level security shows one tenant). */

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
type LastDelivery = { status: WebhookDeliveryStatus; at: Date } | null;

/** The endpoint of this tenant, or 404 (another tenant's id too). */
export async function endpointById(tx: Tx, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<EndpointRow> {
  const query = tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    .limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('webhook endpoint');
  return row;
}

/** The newest delivery of each endpoint named. */
export async function lastDeliveries(tx: Tx, tenantId: string, endpointIds: string[]): Promise<Map<string, LastDelivery>> {
  const result = new Map<string, LastDelivery>();
  if (endpointIds.length === 0) return result;
  const rows = await tx
    .selectDistinctOn([webhookDeliveries.endpointId], {
      endpointId: webhookDeliveries.endpointId,
      status: webhookDeliveries.status,
      at: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), inArray(webhookDeliveries.endpointId, endpointIds)))
    .orderBy(webhookDeliveries.endpointId, desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id));
  for (const r of rows) result.set(r.endpointId, { status: r.status, at: r.at });
  return result;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An endpoint as the API shows it: never a secret, sealed or not. */
export function endpointView(row: EndpointRow, last: LastDelivery = null): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    format: row.format,
    events: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.enabled ? null : (row.disabledReason ?? 'manual'),
    disabledAt: row.enabled ? null : iso(row.disabledAt),
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastDelivery: last ? { status: last.status, at: last.at.toISOString() } : null,
  };
}

/** What the trail keeps of an endpoint: its settings (the URL included), never a secret. */
export function auditSnapshot(row: EndpointRow): Record<string, unknown> {
  return {
    url: row.url,
    description: row.description,
    format: row.format,
    events: row.eventTypes,
    enabled: row.enabled,
  };
}

/** The URL rules in force: WEBHOOKS_ALLOW_PRIVATE and whether this is production. */
export function urlRules(): UrlRules {
  const e = env();
  return { allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE === '1', production: e.NODE_ENV === 'production' };
}
