import { and, eq, sql } from 'drizzle-orm';
import { serials, SERIAL_STATUSES, type SerialStatus } from '@/db/schema/serials';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadBatchRow } from '@/lib/quality/records';
import { guessingProbability } from './format';
import type { SerialSummary } from './schemas';

/**
 * `GET batches/{id}/serials/summary` (`serials.read`): how many serials the batch has, per status (every status
 * named, 0 where none), and `guessingProbability` = total / 32^12, the chance that one random guess of a serial
 * hits one of this batch (lib/serials/format.ts). One index-only count over serials_tenant_batch_status_idx.
 */
export async function getSerialSummary(ctx: TenantContext, batchId: string): Promise<SerialSummary> {
  requirePermission(ctx, 'serials.read');
  await loadBatchRow(ctx, batchId);
  const groups = await ctx.db
    .select({ status: serials.status, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(serials)
    .where(and(eq(serials.tenantId, ctx.tenant.id), eq(serials.batchId, batchId)))
    .groupBy(serials.status);
  const byStatus = Object.fromEntries(SERIAL_STATUSES.map((s) => [s, 0])) as Record<SerialStatus, number>;
  for (const g of groups) byStatus[g.status] = g.n;
  const total = groups.reduce((sum, g) => sum + g.n, 0);
  return { total, byStatus, guessingProbability: guessingProbability(total) };
}
