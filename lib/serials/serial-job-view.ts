import { serialJobs } from '@/db/schema/serials';
import type { SerialJobView } from './schemas';

export type JobRow = typeof serialJobs.$inferSelect;

export function serialJobView(row: JobRow): SerialJobView {
  return {
    id: row.id,
    batchId: row.batchId,
    status: row.status,
    progress: { done: row.done, total: row.requested },
    ...(row.status === 'failed' && row.error ? { error: row.error } : {}),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
