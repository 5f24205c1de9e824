import { z } from 'zod';
import { recordIdParamsSchema } from '@/lib/quality/schemas';

/** `GET …/access-reviews/{id}/report`: the campaign (uuid) in the tenant. */
export const accessReviewReportParamsSchema = recordIdParamsSchema;

/** `?format=pdf` (default) or `csv`. */
export const accessReviewReportQuerySchema = z.strictObject({
  format: z.enum(['pdf', 'csv'], { message: 'pdf or csv.' }).default('pdf'),
});
