import type { z } from 'zod';
import { inspections } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, DomainError, validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { actingPerson } from '@/lib/acting-person';
import { LIFECYCLE } from './lifecycle';
import { mayRecordInspection } from './policy';
import { inspectionResult, inspectionViews, loadBatchRow, loadInspectionRow } from './records';
import { recordInspectionSchema, type InspectionView } from './schemas';

/**
 * Record an inspection of a batch (`inspections.perform`): 201 `submitted`, with the server's `result`
 * (any value outside its limits, or any critical defect, fails). Not on a batch that is released,
 * rejected or recalled (409). A retest names the original in `retestOf` (same batch and type, already
 * reviewed); the original stays exactly as it was.
 */
export async function recordInspection(
  ctx: TenantContext,
  batchId: string,
  input: z.input<typeof recordInspectionSchema>,
): Promise<InspectionView> {
  requirePermission(ctx, 'inspections.perform');
  const data = parseInput(recordInspectionSchema, input);
  const batch = await loadBatchRow(ctx, batchId, { forUpdate: true });
  const open = mayRecordInspection(LIFECYCLE, batch.status);
  if (!open.allowed) throw conflict(open.reasons.join(' '));
  if (data.retestOf) {
    const original = await loadInspectionRow(ctx, data.retestOf).catch((error) => {
      if (error instanceof DomainError && error.code === 'not_found') {
        throw validationFailed([{ path: 'retestOf', message: 'No such inspection of this batch.' }]);
      }
      throw error;
    });
    if (original.batchId !== batchId) throw validationFailed([{ path: 'retestOf', message: 'No such inspection of this batch.' }]);
    if (original.type !== data.type)
      throw validationFailed([
        { path: 'retestOf', message: `A retest of a ${original.type} inspection is a ${original.type} inspection.` },
      ]);
    if (original.status === 'submitted') throw conflict('The original inspection awaits review: review it before retesting.');
  }
  const defects = data.defects ?? { critical: 0, major: 0, minor: 0 };
  const characteristics = data.characteristics.map((c) => ({
    name: c.name,
    unit: c.unit ?? null,
    lsl: c.lsl ?? null,
    usl: c.usl ?? null,
    value: c.value,
  }));
  const who = actingPerson(ctx.actor);
  const [row] = await ctx.db
    .insert(inspections)
    .values({
      tenantId: ctx.tenant.id,
      batchId,
      type: data.type,
      lotSize: data.lotSize ?? null,
      sampleSize: data.sampleSize,
      characteristics,
      defects,
      result: inspectionResult(characteristics, defects),
      status: 'submitted',
      performedBy: who.id,
      performedByName: who.name,
      retestOf: data.retestOf ?? null,
    })
    .returning();
  await recordAudit(ctx, {
    action: data.retestOf ? 'inspection.retested' : 'inspection.recorded',
    targetType: 'inspection',
    targetId: row.id,
    after: {
      batchId,
      type: row.type,
      lotSize: row.lotSize,
      sampleSize: row.sampleSize,
      characteristics,
      defects,
      result: row.result,
      retestOf: row.retestOf,
    },
  });
  return (await inspectionViews(ctx, [row]))[0];
}
