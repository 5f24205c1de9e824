import type { z } from 'zod';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { sampleSizeFor, type SampleSizePlan } from './sample-size';
import { sampleSizeQuerySchema } from './schemas';

/** The ISO 2859-1 level II sample size for `lotSize` (any member: a pure lookup of the standard's table). */
export function getSampleSize(_ctx: TenantContext, query: z.input<typeof sampleSizeQuerySchema>): SampleSizePlan {
  const { lotSize } = parseInput(sampleSizeQuerySchema, query);
  return sampleSizeFor(lotSize);
}
