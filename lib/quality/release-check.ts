import { eq } from 'drizzle-orm';
import { inspections } from '@/db/schema/quality';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { actingPerson } from '@/lib/acting-person';
import { involvementIn, releaseBlockersOf, type Involvement } from './policy';
import { loadBatchRow, selectInspections, type BatchRow } from './records';
import type { ReleaseBlocker } from './schemas';
import { loadBatchParticipation } from './segregation';

/** What blocks the release of a batch (the rule: lib/quality/policy.ts `releaseBlockersOf`), from its inspections. */
export async function releaseBlockers(ctx: TenantContext, batch: BatchRow): Promise<ReleaseBlocker[]> {
  return releaseBlockersOf(batch, await selectInspections(ctx, eq(inspections.batchId, batch.id)));
}

/**
 * The release cockpit's question (`batches.read`): `{ready, blockers, involvement}` — every blocker, and what
 * ties the caller to the batch (segregation of duties: lib/quality/policy.ts), so the console can say who may
 * decide without loading the facts itself.
 */
export async function releaseCheck(
  ctx: TenantContext,
  id: string,
): Promise<{ ready: boolean; blockers: ReleaseBlocker[]; involvement: Involvement[] }> {
  requirePermission(ctx, 'batches.read');
  const batch = await loadBatchRow(ctx, id);
  const [blockers, participation] = await Promise.all([releaseBlockers(ctx, batch), loadBatchParticipation(ctx, batch)]);
  return { ready: blockers.length === 0, blockers, involvement: involvementIn(participation, actingPerson(ctx.actor).id) };
}
