import { z } from 'zod';
import { EXAMPLE_IDS } from '@/lib/api-examples';
import { RECORD_TYPES } from './record-ref';

/**
 * `GET /api/v1/tenants/{tenant}/records`: find records of one kind by a few letters of what people call them, to link
 * a task to (the console's record picker). Shapes used by the route (and so the OpenAPI document) and the console.
 */

export const RECORD_SEARCH_MAX = 50;

export const searchRecordsQuerySchema = z.strictObject({
  /** The kind of record: batch, inspection, site, member, system, team or access_review. */
  type: z.enum(RECORD_TYPES, { message: `Use one of ${RECORD_TYPES.join(', ')}.` }),
  /** Letters anywhere in its number, name, email, slug or code (case ignored); left out: the most recent or first by name. */
  q: z.string().trim().max(100, 'At most 100 characters.').optional(),
  limit: z.coerce
    .number({ message: 'Use a whole number.' })
    .int('Use a whole number.')
    .min(1, 'At least 1.')
    .max(RECORD_SEARCH_MAX, `At most ${RECORD_SEARCH_MAX}.`)
    .default(20),
});
export type SearchRecordsQuery = z.input<typeof searchRecordsQuerySchema>;

export const recordOptionSchema = z
  .object({
    type: z.enum(RECORD_TYPES),
    id: z.uuid(),
    /** What people call it: "Batch ACM2607004", "Member Dana Whitfield". */
    label: z.string(),
  })
  .meta({ id: 'RecordOption' });
export type RecordOption = z.infer<typeof recordOptionSchema>;

export const recordOptionListSchema = z
  .object({ data: z.array(recordOptionSchema) })
  .meta({ id: 'RecordOptionList', examples: [{ data: [{ type: 'batch' as const, id: EXAMPLE_IDS.batch, label: 'Batch ACM2607004' }] }] });
export type RecordOptionList = z.infer<typeof recordOptionListSchema>;
