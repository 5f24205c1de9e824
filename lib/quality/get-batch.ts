import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { batchDetail, loadBatchRow } from './records';
import type { BatchDetailView } from './schemas';

/** One batch with its site, signatures (each `valid` while the record is unchanged since) and status history. */
export async function getBatch(ctx: TenantContext, id: string): Promise<BatchDetailView> {
  requirePermission(ctx, 'batches.read');
  return batchDetail(ctx, await loadBatchRow(ctx, id));
}
