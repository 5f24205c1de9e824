import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, webhookEvents } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { newEndpointSecret, sealEndpointSecret } from '@/lib/webhooks/endpoint-secret';

/** An endpoint written straight into the tenant (as the console would), with its secret in clear for a receiver. */
export async function insertEndpoint(
  tenantId: string,
  url: string,
  eventTypes: string[],
  options: { enabled?: boolean; format?: 'standard' | 'slack' | 'teams'; previous?: { secret: string; expiresAt: Date } } = {},
): Promise<{ id: string; secret: string }> {
  const id = randomUUID();
  const secret = newEndpointSecret();
  await withTenant(tenantId, (tx) =>
    tx.insert(webhookEndpoints).values({
      id,
      tenantId,
      url,
      eventTypes,
      format: options.format ?? 'standard',
      enabled: options.enabled ?? true,
      disabledReason: options.enabled === false ? 'manual' : null,
      secretSealed: sealEndpointSecret(secret, id),
      previousSecretSealed: options.previous ? sealEndpointSecret(options.previous.secret, id) : null,
      previousSecretExpiresAt: options.previous?.expiresAt ?? null,
    }),
  );
  return { id, secret };
}

export const deliveriesOf = (tenantId: string, endpointId: string) =>
  withTenant(tenantId, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)));

export const attemptsOf = (tenantId: string, deliveryId: string) =>
  withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
      .orderBy(webhookDeliveryAttempts.attempt),
  );

export const endpointRow = async (tenantId: string, endpointId: string) =>
  (await withTenant(tenantId, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId))))[0];

/** The tenant's raised events of one type, oldest first. */
export const eventsOfType = (tenantId: string, type: string) =>
  withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.type, type)))
      .orderBy(asc(webhookEvents.createdAt)),
  );

/** The id of the record an event is about (`data.object.id`). */
export const eventObjectId = (event: { payload: { data: Record<string, unknown> } }) =>
  (event.payload.data.object as { id: string | null }).id;
