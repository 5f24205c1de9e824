import { z } from 'zod';
import { SERIAL_JOB_STATUSES, SERIAL_STATUSES } from '@/db/schema/serials';
import { listQuerySchema } from '@/lib/access/role-schemas';
import { EXAMPLE_BATCH_NUMBER, EXAMPLE_CURSOR, EXAMPLE_GTIN, EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDate, outputDateTime } from '@/lib/validation';
import { SERIAL_PATTERN } from './format';
import { sortDirSchema } from '@/lib/list-order';

/** Schemas of serialization: used by the routes, the console and the OpenAPI document. */

export const MAX_SERIALS_PER_JOB = 1_000_000;
/** A status change by list names at most this many serials (a range covers any number). */
export const MAX_SERIALS_PER_LIST = 10_000;

const slug = z.string().min(1).max(63);
export const serialJobParamsSchema = z.strictObject({ tenant: slug, id: z.uuid('Not a valid id.') });

export const generateSerialsSchema = z
  .strictObject({
    count: z
      .number({ message: `A whole number from 1 to ${MAX_SERIALS_PER_JOB.toLocaleString('en')}.` })
      .int('Use a whole number.')
      .min(1, 'At least 1.')
      .max(MAX_SERIALS_PER_JOB, `At most ${MAX_SERIALS_PER_JOB.toLocaleString('en')}.`),
  })
  .meta({ examples: [{ count: 120000 }] });
export const generateSerialsResponseSchema = z
  .object({ jobId: z.uuid() })
  .meta({ id: 'SerialJobStarted', examples: [{ jobId: EXAMPLE_IDS.serialJob }] });

const serialJobFields = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  status: z.enum(SERIAL_JOB_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  error: z.string().optional(),
  createdAt: outputDateTime(),
  finishedAt: outputDateTime().nullable(),
});
const exampleSerialJob = {
  id: EXAMPLE_IDS.serialJob,
  batchId: EXAMPLE_IDS.batch,
  status: 'running' as const,
  progress: { done: 40000, total: 120000 },
  createdAt: EXAMPLE_TIMES.updated,
  finishedAt: null,
};
export const serialJobSchema = serialJobFields.meta({ id: 'SerialJob', examples: [exampleSerialJob] });
export type SerialJobView = z.infer<typeof serialJobSchema>;

const serial = z
  .string()
  .trim()
  .toUpperCase()
  .regex(SERIAL_PATTERN, '12 characters of 0-9 and A-Z without I, L, O, U.')
  // The accepted form: either case (stored upper-cased), surrounding whitespace trimmed.
  .meta({
    pattern: '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{12}$',
    description: 'A serial: 12 characters of 0-9 and A-Z without I, L, O and U, in either case.',
    examples: ['7K2M9QX4TR8B'],
  });

/** The orders of a batch's serial list (`?sort=`). */
export const SERIAL_SORTS = ['serial', 'status'] as const;
export type SerialSort = (typeof SERIAL_SORTS)[number];

export const listSerialsQuerySchema = z.strictObject({
  limit: z.coerce.number().int('Use a whole number.').min(1, 'At least 1.').max(1000, 'At most 1000.').default(100),
  cursor: z.string().max(100).optional(),
  status: z.enum(SERIAL_STATUSES, { message: `One of ${SERIAL_STATUSES.join(', ')}.` }).optional(),
  /** `serial` (the default) or `status` (the serials grouped by status, each group in serial order). */
  sort: z.enum(SERIAL_SORTS, { message: 'Use serial or status.' }).default('serial'),
  /** `asc` (the default) or `desc`. */
  dir: sortDirSchema.optional(),
});
export const exportSerialsQuerySchema = listSerialsQuerySchema.pick({ status: true });

const serialItemFields = z.object({ serial: z.string(), status: z.enum(SERIAL_STATUSES), elementString: z.string() });
const exampleSerial = {
  serial: '7K2M9QX4TR8B',
  status: 'commissioned' as const,
  elementString: `(01)${EXAMPLE_GTIN}(17)280630(10)${EXAMPLE_BATCH_NUMBER}(21)7K2M9QX4TR8B`,
};
export const serialItemSchema = serialItemFields.meta({ id: 'Serial', examples: [exampleSerial] });
export type SerialItem = z.infer<typeof serialItemSchema>;
export const serialListSchema = z
  .object({ data: z.array(serialItemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SerialPage', examples: [{ data: [exampleSerial], nextCursor: EXAMPLE_CURSOR }] });

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
    if (v.range && v.range.from > v.range.to)
      ctx.addIssue({ code: 'custom', path: ['range', 'to'], message: 'The range ends before it starts.' });
  })
  .meta({
    examples: [
      {
        to: 'released',
        reason: 'Batch released by QA; serials released for shipment.',
        range: { from: '0000000000A0', to: 'ZZZZZZZZZZZZ' },
      },
    ],
  });
export type ChangeSerialStatusInput = z.infer<typeof changeSerialStatusSchema>;
export const changeSerialStatusResponseSchema = z
  .object({ to: z.enum(SERIAL_STATUSES), count: z.number().int() })
  .meta({ id: 'SerialStatusChange', examples: [{ to: 'released', count: 120000 }] });

// ── Reads for the console: a batch's jobs, its serial counts, one serial ──────────────────────────────

/** `GET batches/{id}/serial-jobs`: newest first, the list conventions' `limit` and `cursor`. */
export const listSerialJobsQuerySchema = listQuerySchema;
export const serialJobListSchema = z
  .object({ data: z.array(serialJobSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SerialJobPage', examples: [{ data: [exampleSerialJob], nextCursor: null }] });

/** `GET batches/{id}/serials/summary`: how many serials the batch has, per status, and the chance of guessing one. */
export const serialSummarySchema = z
  .object({
    total: z.number().int(),
    byStatus: z.record(z.enum(SERIAL_STATUSES), z.number().int()),
    /** total / 32^12: the chance that one random 12-character guess is a serial of this batch. */
    guessingProbability: z.number(),
  })
  .meta({
    id: 'SerialSummary',
    examples: [
      {
        total: 120000,
        byStatus: Object.fromEntries(
          SERIAL_STATUSES.map((status) => [status, status === 'commissioned' ? 80000 : status === 'released' ? 40000 : 0]),
        ),
        guessingProbability: 120000 / 32 ** 12,
      },
    ],
  });
export type SerialSummary = z.infer<typeof serialSummarySchema>;

export const serialParamsSchema = z.strictObject({ tenant: slug, id: z.uuid('Not a valid id.'), serial });

/** `GET batches/{id}/serials/{serial}`: one serial with what its GS1 element string is made of. */
export const serialDetailSchema = serialItemFields
  .extend({
    gtin: z.string(),
    expiresOn: outputDate(),
    batchNumber: z.string(),
    batchId: z.uuid(),
    productName: z.string(),
    createdAt: outputDateTime(),
  })
  .meta({
    id: 'SerialDetail',
    examples: [
      {
        ...exampleSerial,
        gtin: EXAMPLE_GTIN,
        expiresOn: '2028-06-30',
        batchNumber: EXAMPLE_BATCH_NUMBER,
        batchId: EXAMPLE_IDS.batch,
        productName: 'Amoxicillin 500 mg capsules',
        createdAt: EXAMPLE_TIMES.updated,
      },
    ],
  });
export type SerialDetail = z.infer<typeof serialDetailSchema>;
