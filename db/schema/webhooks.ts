import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';
import { tenants } from './tenancy';

/**
 * Events out (issue 20): each tenant's webhook endpoints, the events its changes raise, and their deliveries.
 * All tenant data under row-level security (migration 0035).
 *
 * - webhook_events: the outbox. A change that raises an event writes its row in the change's own transaction
 *   (lib/webhooks/record-event.ts, called by the audit recorder), together with one webhook_deliveries row per
 *   enabled endpoint subscribed to the type — so a rolled-back change sends nothing and a committed one is never lost.
 * - webhook_endpoints: where a tenant wants events (Standard Webhooks, or a Slack or Teams incoming webhook).
 * - webhook_deliveries: one event to one endpoint; its state, next attempt and lease. The job engine (pg-boss) only
 *   carries "try delivery X now"; this row is the truth.
 * - webhook_delivery_attempts: the delivery log (each attempt's response code, duration, error).
 * - notification_digests: email digests of chosen events to chosen people.
 */

/** How an endpoint wants its body: Standard Webhooks JSON (signed), or a chat message for Slack or Microsoft Teams. */
export type WebhookEndpointFormat = 'standard' | 'slack' | 'teams';
export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    format: text('format').$type<WebhookEndpointFormat>().notNull().default('standard'),
    /** Event types (`member.removed`), a family (`batch.*`) or everything (`*`). */
    eventTypes: text('event_types').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Why it is off: switched off by a person, or by Custos after failing for five days. */
    disabledReason: text('disabled_reason').$type<'manual' | 'failing'>(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The signing secret (`whsec_…`), sealed under AUTH_SECRET (lib/platform/sealed-box.ts). */
    secretSealed: text('secret_sealed').notNull(),
    /** After a rotation the previous secret also signs until this time (receivers switch over meanwhile). */
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    /** The first failed attempt since the last success; five days of failure disables the endpoint. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_tenant_idx').on(t.tenantId)],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    /** Also the `webhook-id` of every delivery of this event (stable across retries and replays). */
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** The body as sent: `{ type, timestamp, data }`. */
    payload: jsonb('payload').$type<{ type: string; timestamp: string; data: Record<string, unknown> }>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_tenant_created_idx').on(t.tenantId, t.createdAt)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker holds the delivery until then (set when it takes it; a dead worker's lease runs out). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastDurationMs: integer('last_duration_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** 1 for the first try; counts on through replays. */
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The receiver's HTTP status (null when there was no answer: refused address, timeout, connection error). */
    statusCode: integer('status_code'),
    /** Why it failed, in words (never the body we sent, never a secret). */
    error: text('error'),
    succeeded: boolean('succeeded').notNull(),
  },
  (t) => [
    index('webhook_delivery_attempts_endpoint_idx').on(t.endpointId, t.startedAt),
    index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId),
  ],
);

export type NotificationDigestFrequency = 'hourly' | 'daily';

export const notificationDigests = pgTable(
  'notification_digests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Addresses mailed; empty means the tenant's admins (members holding tenant.update) at sending time. */
    recipients: text('recipients')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    eventTypes: text('event_types').array().notNull(),
    frequency: text('frequency').$type<NotificationDigestFrequency>().notNull().default('daily'),
    enabled: boolean('enabled').notNull().default(true),
    /** Events after this time go into the next digest. */
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_digests_tenant_idx').on(t.tenantId)],
);
