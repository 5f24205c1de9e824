import type { z } from 'zod';
import { serialJobs } from '@/db/schema/serials';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { loadBatchRow } from '@/lib/quality/records';
import { parseInput } from '@/lib/validation';
import { actingUserId } from '@/lib/acting-person';
import { whyNoSerials } from './policy';
import { generateSerialsSchema } from './schemas';

/**
 * `POST batches/{id}/serials {count}` (`serials.generate`): a queued job for `count` (1..1,000,000) serials of
 * the batch's GTIN. 404 for a batch this tenant does not have, 409 without a GTIN or when the batch is rejected
 * or recalled. Audited as `serials.generation_requested`. Start the run with `startSerialJob` after commit.
 */
export async function requestSerials(
  ctx: TenantContext,
  batchId: string,
  input: z.input<typeof generateSerialsSchema>,
): Promise<{ jobId: string }> {
  requirePermission(ctx, 'serials.generate');
  const { count } = parseInput(generateSerialsSchema, input);
  const batch = await loadBatchRow(ctx, batchId);
  const refusal = whyNoSerials(batch);
  if (refusal !== null || batch.gtin === null) throw conflict(refusal ?? 'This batch has no GTIN.');
  const [job] = await ctx.db
    .insert(serialJobs)
    .values({
      tenantId: ctx.tenant.id,
      batchId,
      gtin: batch.gtin,
      requested: count,
      requestedBy: actingUserId(ctx.actor),
    })
    .returning({ id: serialJobs.id });
  await recordAudit(ctx, {
    action: 'serials.generation_requested',
    targetType: 'batch',
    targetId: batchId,
    after: { jobId: job.id, count, gtin: batch.gtin },
  });
  return { jobId: job.id };
}
