import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadBatchRow, loadInspectionRow } from './records';

/**
 * What a note or attachment hangs on: a batch, or one inspection of a batch. Reading needs `batches.read`
 * or `inspections.read`; adding needs `batches.update` (a batch) or `inspections.perform` (an inspection).
 */
export type RecordTarget = { type: 'batch' | 'inspection'; id: string };
export type ResolvedTarget = { type: 'batch' | 'inspection'; batchId: string; inspectionId: string | null };

export const READ_PERMISSION = { batch: 'batches.read', inspection: 'inspections.read' } as const;
export const ADD_PERMISSION = { batch: 'batches.update', inspection: 'inspections.perform' } as const;

/** Check the permission first, then load the record (another tenant's or unknown: 404). */
export async function resolveTarget(ctx: TenantContext, target: RecordTarget, use: 'read' | 'add'): Promise<ResolvedTarget> {
  requirePermission(ctx, (use === 'read' ? READ_PERMISSION : ADD_PERMISSION)[target.type]);
  if (target.type === 'batch') {
    const batch = await loadBatchRow(ctx, target.id);
    return { type: 'batch', batchId: batch.id, inspectionId: null };
  }
  const inspection = await loadInspectionRow(ctx, target.id);
  return { type: 'inspection', batchId: inspection.batchId, inspectionId: inspection.id };
}
