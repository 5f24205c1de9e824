import type { z } from 'zod';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { serialJobs } from '@/db/schema/serials';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadBatchRow } from '@/lib/quality/records';
import { parseInput } from '@/lib/validation';
import { serialJobView } from './serial-job-view';
import { listSerialJobsQuerySchema, type SerialJobView } from './schemas';

/**
 * `GET batches/{id}/serial-jobs` (`serials.read`): the batch's serial generation jobs, newest first, each as
 * `GET jobs/{id}` shows it; keyset cursor (index serial_jobs_tenant_batch_idx). The console reads the first one
 * to find a job still running after a reload. 404 for a batch this tenant does not have.
 */
export async function listSerialJobs(
  ctx: TenantContext,
  batchId: string,
  query: z.input<typeof listSerialJobsQuerySchema> = {},
): Promise<{ data: SerialJobView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'serials.read');
  const { limit, cursor } = parseInput(listSerialJobsQuerySchema, query ?? {});
  const conditions: SQL[] = [eq(serialJobs.tenantId, ctx.tenant.id), eq(serialJobs.batchId, batchId)];
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
    conditions.push(sql`(${serialJobs.createdAt}, ${serialJobs.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`);
  }
  await loadBatchRow(ctx, batchId);
  const rows = await ctx.db
    .select({ job: serialJobs, key: cursorTime(serialJobs.createdAt) })
    .from(serialJobs)
    .where(and(...conditions))
    .orderBy(desc(serialJobs.createdAt), desc(serialJobs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => serialJobView(r.job)),
    nextCursor: rows.length > limit && last ? encodeSortCursor('created', last.key, last.job.id) : null,
  };
}
