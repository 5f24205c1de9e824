import { z } from 'zod';
import { SERIAL_JOB_STATUSES, SERIAL_STATUSES } from '@/db/schema/serials';
import { listQuerySchema } from '@/lib/access/role-schemas';
import { SERIAL_PATTERN } from './format';

/** Schemas of serialization: used by the routes, the console and the OpenAPI document. */

export const MAX_SERIALS_PER_JOB = 1_000_000;
/** A status change by list names at most this many serials (a range covers any number). */
export const MAX_SERIALS_PER_LIST = 10_000;

const slug = z.string().min(1).max(63);
export const serialJobParamsSchema = z.strictObject({ tenant: slug, id: z.uuid('Not a valid id.') });

export const generateSerialsSchema = z.strictObject({
  count: z
    .number({ message: `A whole number from 1 to ${MAX_SERIALS_PER_JOB.toLocaleString('en')}.` })
    .int('Use a whole number.')
    .min(1, 'At least 1.')
    .max(MAX_SERIALS_PER_JOB, `At most ${MAX_SERIALS_PER_JOB.toLocaleString('en')}.`),
});
export const generateSerialsResponseSchema = z.object({ jobId: z.uuid() });

export const serialJobSchema = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  status: z.enum(SERIAL_JOB_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  error: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type SerialJobView = z.infer<typeof serialJobSchema>;

const serial = z.string().trim().toUpperCase().regex(SERIAL_PATTERN, '12 characters of 0-9 and A-Z without I, L, O, U.');

export const listSerialsQuerySchema = z.strictObject({
  limit: z.coerce.number().int('Use a whole number.').min(1, 'At least 1.').max(1000, 'At most 1000.').default(100),
  cursor: z.string().max(100).optional(),
  status: z.enum(SERIAL_STATUSES, { message: `One of ${SERIAL_STATUSES.join(', ')}.` }).optional(),
});
export const exportSerialsQuerySchema = listSerialsQuerySchema.pick({ status: true });

export const serialItemSchema = z.object({ serial: z.string(), status: z.enum(SERIAL_STATUSES), elementString: z.string() });
export type SerialItem = z.infer<typeof serialItemSchema>;
export const serialListSchema = z.object({ data: z.array(serialItemSchema), nextCursor: z.string().nullable() });

export const changeSerialStatusSchema = z
  .strictObject({
    to: z.enum(SERIAL_STATUSES, { message: `One of ${SERIAL_STATUSES.join(', ')}.` }),
    reason: z.string({ message: 'Give a reason.' }).trim().min(3, 'At least 3 characters.').max(1000, 'At most 1000 characters.'),
    serials: z
      .array(serial)
      .min(1, 'Name at least one serial.')
      .max(MAX_SERIALS_PER_LIST, `At most ${MAX_SERIALS_PER_LIST.toLocaleString('en')}; use a range for more.`)
      .optional(),
    range: z.strictObject({ from: serial, to: serial }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.serials === !v.range) ctx.addIssue({ code: 'custom', path: ['serials'], message: 'Give either serials or a range, not both.' });
    if (v.range && v.range.from > v.range.to) ctx.addIssue({ code: 'custom', path: ['range', 'to'], message: 'The range ends before it starts.' });
  });
export type ChangeSerialStatusInput = z.infer<typeof changeSerialStatusSchema>;
export const changeSerialStatusResponseSchema = z.object({ to: z.enum(SERIAL_STATUSES), count: z.number().int() });

// ── Reads for the console: a batch's jobs, its serial counts, one serial ──────────────────────────────

/** `GET batches/{id}/serial-jobs`: newest first, the list conventions' `limit` and `cursor`. */
export const listSerialJobsQuerySchema = listQuerySchema;
export const serialJobListSchema = z.object({ data: z.array(serialJobSchema), nextCursor: z.string().nullable() });

/** `GET batches/{id}/serials/summary`: how many serials the batch has, per status, and the chance of guessing one. */
export const serialSummarySchema = z.object({
  total: z.number().int(),
  byStatus: z.record(z.enum(SERIAL_STATUSES), z.number().int()),
  /** total / 32^12: the chance that one random 12-character guess is a serial of this batch. */
  guessingProbability: z.number(),
});
export type SerialSummary = z.infer<typeof serialSummarySchema>;

export const serialParamsSchema = z.strictObject({ tenant: slug, id: z.uuid('Not a valid id.'), serial });

/** `GET batches/{id}/serials/{serial}`: one serial with what its GS1 element string is made of. */
export const serialDetailSchema = serialItemSchema.extend({
  gtin: z.string(),
  expiresOn: z.string(),
  batchNumber: z.string(),
  batchId: z.uuid(),
  productName: z.string(),
  createdAt: z.string(),
});
export type SerialDetail = z.infer<typeof serialDetailSchema>;
