import { z } from 'zod';
import { EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { WEBHOOK_EVENT_TYPES } from '../event-types';
import { DESCRIPTION_MAX, MAX_EVENT_PATTERNS, MAX_URL_LENGTH, WEBHOOK_DELIVERY_STATUSES, WEBHOOK_FORMATS } from '../policy';

/**
 * Zod schemas of the webhook endpoints (`/api/v1/tenants/{tenant}/webhooks`), shared by route, console form and
 * OpenAPI. The URL's and the event patterns' rules are in ../policy.ts and run after these.
 */

const url = z
  .string({ message: 'Enter a URL.' })
  .trim()
  .min(1, 'Enter a URL.')
  .max(MAX_URL_LENGTH, `At most ${MAX_URL_LENGTH} characters.`);
const description = z.string({ message: 'Must be text.' }).trim().max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`);
const events = z
  .array(z.string({ message: 'Must be an event type.' }).trim().min(1, 'Must be an event type.').max(100, 'Not an event type.'), {
    message: 'Must be a list of event types.',
  })
  .min(1, 'Choose at least one event type.')
  .max(MAX_EVENT_PATTERNS, `At most ${MAX_EVENT_PATTERNS} event types.`);
const format = z.enum(WEBHOOK_FORMATS, { message: `One of ${WEBHOOK_FORMATS.join(', ')}.` });
const enabled = z.boolean({ message: 'Must be true or false.' });

export const createWebhookEndpointSchema = z
  .strictObject({
    url,
    description: description.optional(),
    /** Event types (`member.removed`), families (`batch.*`) or `*` for everything. */
    events,
    /** Default true. */
    enabled: enabled.optional(),
    /** `standard` (default): Standard Webhooks signed JSON; `slack` / `teams`: a chat message for an incoming webhook. */
    format: format.optional(),
  })
  .meta({
    examples: [
      { url: 'https://hooks.example.com/custos', description: 'Access changes to the HR system', events: ['member.*', 'role.updated'] },
    ],
  });
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z
  .strictObject({
    url: url.optional(),
    description: description.optional(),
    events: events.optional(),
    enabled: enabled.optional(),
    format: format.optional(),
  })
  .meta({ examples: [{ enabled: false }, { events: ['batch.released', 'batch.recalled'] }] });
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointSchema>;

export const webhookEndpointParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });
export const webhookDeliveryParamsSchema = z.strictObject({
  tenant: z.string().min(1).max(63),
  id: z.uuid('Not a valid id.'),
  deliveryId: z.uuid('Not a valid id.'),
});

export const listDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int('Use a whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES, { message: `One of ${WEBHOOK_DELIVERY_STATUSES.join(', ')}.` }).optional(),
});
export type ListDeliveriesQuery = z.input<typeof listDeliveriesQuerySchema>;

export const replayRangeSchema = z
  .strictObject({
    /** Events raised at or after this time… */
    from: z.iso.datetime({ offset: true, message: 'Must be a date and time such as 2026-01-12T08:30:00Z.' }),
    /** …and before this time. */
    to: z.iso.datetime({ offset: true, message: 'Must be a date and time such as 2026-01-12T08:30:00Z.' }),
  })
  .meta({ examples: [{ from: EXAMPLE_TIMES.created, to: EXAMPLE_TIMES.updated }] });
export type ReplayRangeInput = z.input<typeof replayRangeSchema>;

const EXAMPLE_ENDPOINT = {
  id: '8b3f1c2e-6a0d-4f57-9e21-4c7d0b5a9e13',
  url: 'https://hooks.example.com/custos',
  description: 'Access changes to the HR system',
  format: 'standard' as const,
  events: ['member.*', 'role.updated'],
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
  lastDelivery: { status: 'succeeded' as const, at: EXAMPLE_TIMES.updated },
};

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    format: z.enum(WEBHOOK_FORMATS),
    /** Subscribed event types, families (`batch.*`) or `*`. */
    events: z.array(z.string()),
    enabled: z.boolean(),
    /** Why it is off: `manual` (switched off) or `failing` (failing for five days); null when enabled. */
    disabledReason: z.enum(['manual', 'failing']).nullable(),
    disabledAt: outputDateTime().nullable(),
    /** The first failed attempt since the last success; null when the last attempt succeeded. */
    failingSince: outputDateTime().nullable(),
    /** After a rotation: until when the previous secret also signs (a second `v1,` signature). */
    previousSecretExpiresAt: outputDateTime().nullable(),
    createdAt: outputDateTime(),
    updatedAt: outputDateTime(),
    /** The newest delivery to this endpoint, or null. */
    lastDelivery: z.object({ status: z.enum(WEBHOOK_DELIVERY_STATUSES), at: outputDateTime() }).nullable(),
  })
  .meta({ id: 'WebhookEndpoint', examples: [EXAMPLE_ENDPOINT] });
export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;

export const webhookEndpointListSchema = z
  .object({ data: z.array(webhookEndpointSchema) })
  .meta({ id: 'WebhookEndpointList', examples: [{ data: [EXAMPLE_ENDPOINT] }] });
export type WebhookEndpointList = z.infer<typeof webhookEndpointListSchema>;

const EXAMPLE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({
    /** The signing secret (`whsec_…`), in this answer only. Verify deliveries with it (Standard Webhooks libraries). */
    secret: z.string(),
  })
  .meta({ id: 'WebhookEndpointWithSecret', examples: [{ ...EXAMPLE_ENDPOINT, secret: EXAMPLE_SECRET }] });
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;

const EXAMPLE_DELIVERY = {
  id: '2f6a9d41-0c3b-4e8a-b7d5-91e0c4a2f638',
  eventId: 'a7c0e5d2-3b19-4f64-8e2a-5d1f9b0c7e43',
  eventType: 'member.updated',
  status: 'succeeded' as const,
  attempts: 1,
  nextAttemptAt: null,
  lastStatusCode: 200,
  lastError: null,
  lastDurationMs: 84,
  createdAt: EXAMPLE_TIMES.updated,
  deliveredAt: EXAMPLE_TIMES.updated,
};

export const webhookDeliverySchema = z
  .object({
    id: z.uuid(),
    /** The event's id: the `webhook-id` header of every attempt (stable across retries and replays). */
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    /** Attempts made so far (counting on through replays). */
    attempts: z.number().int(),
    /** When it is tried next; null unless pending. */
    nextAttemptAt: outputDateTime().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    createdAt: outputDateTime(),
    deliveredAt: outputDateTime().nullable(),
  })
  .meta({ id: 'WebhookDelivery', examples: [EXAMPLE_DELIVERY] });
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = z
  .object({ data: z.array(webhookDeliverySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage', examples: [{ data: [EXAMPLE_DELIVERY], nextCursor: null }] });
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;

const EXAMPLE_ATTEMPT = { attempt: 1, startedAt: EXAMPLE_TIMES.updated, durationMs: 84, statusCode: 200, error: null, succeeded: true };

export const webhookDeliveryDetailSchema = webhookDeliverySchema
  .extend({
    /** The body as sent: `{type, timestamp, data}`. */
    payload: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
    /** Every attempt, first first. */
    attemptLog: z.array(
      z.object({
        attempt: z.number().int(),
        startedAt: outputDateTime(),
        durationMs: z.number().int(),
        /** The receiver's HTTP status; null when there was no answer (refused address, timeout, connection error). */
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        succeeded: z.boolean(),
      }),
    ),
  })
  .meta({
    id: 'WebhookDeliveryDetail',
    examples: [
      {
        ...EXAMPLE_DELIVERY,
        payload: { type: 'member.updated', timestamp: EXAMPLE_TIMES.updated, data: { memberId: '3d5e…' } },
        attemptLog: [EXAMPLE_ATTEMPT],
      },
    ],
  });
export type WebhookDeliveryDetail = z.infer<typeof webhookDeliveryDetailSchema>;

export const webhookReplaySchema = z
  .object({
    /** The deliveries set to be sent again now (pending, due at once). */
    deliveryIds: z.array(z.uuid()),
  })
  .meta({ id: 'WebhookReplay', examples: [{ deliveryIds: [EXAMPLE_DELIVERY.id] }] });
export type WebhookReplay = z.infer<typeof webhookReplaySchema>;

export const webhookTestSchema = z
  .object({ deliveryId: z.uuid(), eventId: z.uuid() })
  .meta({ id: 'WebhookTestDelivery', examples: [{ deliveryId: EXAMPLE_DELIVERY.id, eventId: EXAMPLE_DELIVERY.eventId }] });
export type WebhookTest = z.infer<typeof webhookTestSchema>;

export const webhookEventTypeListSchema = z
  .object({
    data: z.array(z.object({ type: z.string(), family: z.string(), description: z.string() })),
  })
  .meta({
    id: 'WebhookEventTypeList',
    examples: [{ data: WEBHOOK_EVENT_TYPES.slice(0, 2).map((e) => ({ ...e, family: e.type.split('.')[0] })) }],
  });
export type WebhookEventTypeList = z.infer<typeof webhookEventTypeListSchema>;
