import { eq, sql } from 'drizzle-orm';
import { batches } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { batchDetail, batchSnapshot, loadBatchRow } from './records';
import { updateBatchSchema, type BatchDetailView } from './schemas';

/**
 * Correct a batch record (`batches.update`): product, GTIN, planned quantity or expiry, always with a
 * reason, audited with the old and new values. The batch number, site and status do not change here
 * (status moves through transitions). A correction after a signature leaves that signature visibly no
 * longer matching the record (`valid: false`).
 */
export async function updateBatch(ctx: TenantContext, id: string, input: unknown): Promise<BatchDetailView> {
  requirePermission(ctx, 'batches.update');
  const data = parseInput(updateBatchSchema, input);
  const before = await loadBatchRow(ctx, id, { forUpdate: true });
  const [after] = await ctx.db
    .update(batches)
    .set({
      productName: data.productName ?? before.productName,
      gtin: data.gtin === undefined ? before.gtin : data.gtin,
      plannedQuantity: data.plannedQuantity ?? before.plannedQuantity,
      expiresOn: data.expiresOn ?? before.expiresOn,
      updatedAt: sql`now()`,
    })
    .where(eq(batches.id, id))
    .returning();
  await recordAudit(ctx, {
    action: 'batch.updated',
    targetType: 'batch',
    targetId: id,
    before: batchSnapshot(before),
    after: batchSnapshot(after),
    reason: data.reason,
  });
  return batchDetail(ctx, after);
}
