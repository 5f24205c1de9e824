import type { PrefetchQuery } from '@/components/providers/prefetch';
import { listTasks } from '@/lib/tasks/list-tasks';
import { RECORD_PERMISSIONS, type RecordType } from '@/lib/records/record-ref';
import { recordTasksKey } from './api';

/** The RecordTasks card's list (record-tasks.tsx: the same query and key), for a record's page to send with its HTML. */
export function recordTasksQuery(tenant: string, record: { type: RecordType; id: string }): PrefetchQuery {
  return {
    key: recordTasksKey(tenant, record.type, record.id),
    access: RECORD_PERMISSIONS[record.type].read,
    load: (ctx) => listTasks(ctx, { record: `${record.type}:${record.id}`, sort: 'due', limit: 50 }),
  };
}
