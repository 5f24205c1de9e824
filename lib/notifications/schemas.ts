import { z } from 'zod';
import { emailSchema } from '@/lib/auth/schemas';
import { EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { isEventTypePattern } from '@/lib/webhooks/event-types';
import { DIGEST_FREQUENCIES, MAX_DIGEST_RECIPIENTS } from './policy';

/** Email digests: one definition for the routes, the console's form and the API document. */

const slug = z.string().min(1).max(63);
export const digestListParamsSchema = z.strictObject({ tenant: slug });
export const digestParamsSchema = z.strictObject({ tenant: slug, id: z.uuid('Not a valid digest id.') });

const digestName = z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(120, 'At most 120 characters.');

const recipients = z
  .array(emailSchema, { message: 'Give a list of email addresses (empty: the tenant’s admins).' })
  .max(MAX_DIGEST_RECIPIENTS, `At most ${MAX_DIGEST_RECIPIENTS} addresses.`)
  .transform((list) => [...new Set(list)])
  .meta({ description: 'Who gets the digest; an empty list means the tenant’s admins at the time each digest is sent.' });

const events = z
  .array(
    z
      .string({ message: 'Name an event type.' })
      .refine(isEventTypePattern, { message: 'Not an event type: use a type (batch.released), a family (batch.*) or *.' }),
    { message: 'Choose at least one event type.' },
  )
  .min(1, 'Choose at least one event type.')
  .max(100, 'At most 100 event types.')
  .transform((list) => [...new Set(list)])
  .meta({ description: 'Event types (`batch.released`), families (`batch.*`) or `*` for every event.' });

const frequency = z.enum(DIGEST_FREQUENCIES, { message: 'Use hourly or daily.' });

export const createDigestSchema = z
  .strictObject({
    name: digestName,
    recipients: recipients.default([]),
    events,
    frequency: frequency.default('daily'),
    enabled: z.boolean({ message: 'Use true or false.' }).default(true),
  })
  .meta({
    examples: [
      {
        name: 'QA releases',
        recipients: ['qa-leads@acme-pharma.example'],
        events: ['batch.released', 'batch.recalled'],
        frequency: 'daily',
      },
    ],
  });
export type CreateDigestInput = z.input<typeof createDigestSchema>;

export const updateDigestSchema = z
  .strictObject({
    name: digestName.optional(),
    recipients: recipients.optional(),
    events: events.optional(),
    frequency: frequency.optional(),
    enabled: z.boolean({ message: 'Use true or false.' }).optional(),
  })
  .meta({ examples: [{ enabled: false }] });
export type UpdateDigestInput = z.input<typeof updateDigestSchema>;

const exampleDigest = {
  id: '2b8f4e0c-6d1a-4c3e-9f57-0a1d2e3c4b5a',
  name: 'QA releases',
  recipients: ['qa-leads@acme-pharma.example'],
  events: ['batch.released', 'batch.recalled'],
  frequency: 'daily' as const,
  enabled: true,
  lastSentAt: EXAMPLE_TIMES.updated,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
};

export const digestSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    recipients: z.array(z.string()),
    events: z.array(z.string()),
    frequency: z.enum(DIGEST_FREQUENCIES),
    enabled: z.boolean(),
    lastSentAt: outputDateTime().nullable(),
    createdAt: outputDateTime(),
    updatedAt: outputDateTime(),
  })
  .meta({ id: 'NotificationDigest', examples: [exampleDigest] });
export type DigestView = z.infer<typeof digestSchema>;

export const digestListSchema = z
  .object({ data: z.array(digestSchema) })
  .meta({ id: 'NotificationDigestList', examples: [{ data: [exampleDigest] }] });
export type DigestList = z.infer<typeof digestListSchema>;
