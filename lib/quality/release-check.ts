import { eq } from 'drizzle-orm';
import { inspections } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadBatchRow, selectInspections, type BatchRow, type InspectionRow } from './records';
import type { ReleaseBlocker } from './schemas';

/**
 * What blocks the release of a batch, all of it: the batch is not under review; an inspection awaits
 * review; there is no approved, passing release inspection (the latest of each retest chain counts: a
 * retest supersedes its original).
 */
export function releaseBlockersOf(batch: Pick<BatchRow, 'status'>, rows: InspectionRow[]): ReleaseBlocker[] {
  const blockers: ReleaseBlocker[] = [];
  if (batch.status !== 'under_review') {
    blockers.push({ code: 'wrong_status', message: `The batch is ${batch.status}; only a batch under review can be released.` });
  }
  for (const i of rows.filter((r) => r.status === 'submitted')) {
    blockers.push({ code: 'inspection_awaiting_review', message: `The ${i.type.replace('_', '-')} inspection ${i.id} awaits review.`, inspectionId: i.id });
  }
  const superseded = new Set(rows.map((r) => r.retestOf).filter((id): id is string => !!id));
  const current = rows.filter((r) => r.type === 'release' && !superseded.has(r.id));
  if (!current.some((r) => r.status === 'approved' && r.result === 'pass')) {
    const failed = current.filter((r) => r.status === 'approved' && r.result === 'fail');
    if (failed.length > 0) {
      for (const f of failed) {
        blockers.push({ code: 'release_inspection_failed', message: `The release inspection ${f.id} failed; a passing retest is needed.`, inspectionId: f.id });
      }
    } else if (!current.some((r) => r.status === 'submitted')) {
      blockers.push({ code: 'release_inspection_missing', message: 'No approved, passing release inspection.' });
    }
  }
  return blockers;
}

export async function releaseBlockers(ctx: TenantContext, batch: BatchRow): Promise<ReleaseBlocker[]> {
  return releaseBlockersOf(batch, await selectInspections(ctx, eq(inspections.batchId, batch.id)));
}

/** The release cockpit's question (`batches.read`): `{ready, blockers}`. */
export async function releaseCheck(ctx: TenantContext, id: string): Promise<{ ready: boolean; blockers: ReleaseBlocker[] }> {
  requirePermission(ctx, 'batches.read');
  const blockers = await releaseBlockers(ctx, await loadBatchRow(ctx, id));
  return { ready: blockers.length === 0, blockers };
}
