import { eq } from 'drizzle-orm';
import { inspections } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { inspectionViews, loadBatchRow, selectInspections } from './records';
import type { InspectionView } from './schemas';

/** The inspections of a batch, oldest first, retests included (`inspections.read`). */
export async function listInspections(ctx: TenantContext, batchId: string): Promise<{ data: InspectionView[] }> {
  requirePermission(ctx, 'inspections.read');
  await loadBatchRow(ctx, batchId);
  return { data: await inspectionViews(ctx, await selectInspections(ctx, eq(inspections.batchId, batchId))) };
}
