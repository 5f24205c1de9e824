import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { batches } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { rowsOf } from '@/db/rows';
import { conflict, DomainError } from '@/lib/errors';
import { LIFECYCLE } from './lifecycle';
import { mayCorrectBatch } from './policy';
import { batchDetail, batchSnapshot, loadBatchRow } from './records';
import { updateBatchSchema, type BatchDetailView } from './schemas';

async function hasSerials(ctx: TenantContext, batchId: string): Promise<boolean> {
  const [row] = rowsOf<{ found: boolean }>(
    await ctx.db.execute(sql`select exists (select 1 from serials where tenant_id = ${ctx.tenant.id} and batch_id = ${batchId})
      or exists (select 1 from serial_jobs where tenant_id = ${ctx.tenant.id} and batch_id = ${batchId} and status in ('queued', 'running')) as found`),
  );
  return row?.found === true;
}

/**
 * Correct a batch record (`batches.update`): product, GTIN, planned quantity or expiry, always with a
 * reason, audited with the old and new values. The batch number, site and status do not change here
 * (status moves through transitions). A released, rejected or recalled batch is closed: 409 `conflict`, nothing
 * written (lib/quality/policy.ts `mayCorrectBatch`), so its signatures keep matching the record they signed.
 */
export async function updateBatch(ctx: TenantContext, id: string, input: z.input<typeof updateBatchSchema>): Promise<BatchDetailView> {
  requirePermission(ctx, 'batches.update');
  const data = parseInput(updateBatchSchema, input);
  const before = await loadBatchRow(ctx, id, { forUpdate: true });
  const correctable = mayCorrectBatch(LIFECYCLE, before.status);
  if (!correctable.allowed) throw conflict(correctable.reasons.join(' '));
  // Serials carry the GTIN and the expiry in their GS1 element strings (and are unique per GTIN): once a batch has
  // serials or a serial job, those two fields are fixed. (The row lock above keeps a new job from starting meanwhile.)
  const gtinChanges = data.gtin !== undefined && data.gtin !== before.gtin;
  const expiryChanges = data.expiresOn !== undefined && String(data.expiresOn) !== String(before.expiresOn);
  if ((gtinChanges || expiryChanges) && (await hasSerials(ctx, id))) {
    throw new DomainError(
      'conflict',
      409,
      'This batch has serial numbers, whose GS1 element strings carry its GTIN and expiry: those can no longer change.',
      [
        ...(gtinChanges ? [{ path: 'gtin', message: 'Fixed once serials exist.' }] : []),
        ...(expiryChanges ? [{ path: 'expiresOn', message: 'Fixed once serials exist.' }] : []),
      ],
    );
  }
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
