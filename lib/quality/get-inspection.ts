import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { inspectionViews, loadInspectionRow } from './records';
import type { InspectionView } from './schemas';

/** One inspection with its review, signatures and retests (`inspections.read`). */
export async function getInspection(ctx: TenantContext, id: string): Promise<InspectionView> {
  requirePermission(ctx, 'inspections.read');
  return (await inspectionViews(ctx, [await loadInspectionRow(ctx, id)]))[0];
}
