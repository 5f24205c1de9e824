import { and, eq } from 'drizzle-orm';
import { serialJobs } from '@/db/schema/serials';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import type { SerialJobView } from './schemas';
import { defaultStaleAfterMs, claimableSql } from './run-serial-job';
import { serialJobView } from './serial-job-view';

/** `GET jobs/{id}` (`serials.read`): the job's status and progress; 404 for a job this tenant does not have. */
export async function getSerialJob(ctx: TenantContext, id: string): Promise<SerialJobView & { claimable: boolean }> {
  requirePermission(ctx, 'serials.read');
  const [row] = await ctx.db
    .select({ job: serialJobs, claimable: claimableSql(defaultStaleAfterMs()) })
    .from(serialJobs)
    .where(and(eq(serialJobs.tenantId, ctx.tenant.id), eq(serialJobs.id, id)));
  if (!row) throw notFound('job');
  return { ...serialJobView(row.job), claimable: row.claimable };
}
