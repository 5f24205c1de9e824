import { and, eq, inArray, isNotNull, lt, notInArray, or, isNull, sql, type SQL } from 'drizzle-orm';
import { tasks } from '@/db/schema/tasks';
import type { TenantContext } from '@/lib/context';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime, isText } from '@/lib/keyset-cursor';
import { orderColumns, orderTag, rowsAfter, type SortDir } from '@/lib/list-order';
import { now } from '@/lib/platform/clock';
import { resolveRecord, type RecordType } from '@/lib/records/record-ref';
import { parseInput } from '@/lib/validation';
import { requireTaskMember } from './create-task';
import { todayOf } from './policy';
import { taskViews } from './queries';
import { listTasksQuerySchema, type ListTasksQuery, type TaskPage } from './schemas';

const ACTIVE: ('open' | 'in_progress')[] = ['open', 'in_progress'];
/** Tasks without a due date sort after every dated one. */
const dueKey = sql<string>`coalesce(${tasks.dueOn}, '9999-12-31')::text`;

/**
 * `GET /api/v1/tenants/{tenant}/tasks`: the tenant's tasks for any member, keyset paged. Filters: `assignee` (`me`
 * or a user id), `status` (one or more), `overdue`, `record=type:id` (needs that record's read permission; another
 * tenant's record is 404). Orders: `created` (newest first) or `due` (soonest first, undated last).
 */
export async function listTasks(ctx: TenantContext, query: ListTasksQuery = {}): Promise<TaskPage> {
  const me = requireTaskMember(ctx);
  const q = parseInput(listTasksQuerySchema, query);
  const conditions: SQL[] = [eq(tasks.tenantId, ctx.tenant.id)];
  if (q.assignee) conditions.push(eq(tasks.assigneeId, q.assignee === 'me' ? me.id : q.assignee));
  if (q.status) conditions.push(inArray(tasks.status, Array.isArray(q.status) ? q.status : [q.status]));
  const today = todayOf(now());
  if (q.overdue === 'true') conditions.push(and(isNotNull(tasks.dueOn), lt(tasks.dueOn, today), inArray(tasks.status, ACTIVE))!);
  if (q.overdue === 'false') conditions.push(or(isNull(tasks.dueOn), sql`${tasks.dueOn} >= ${today}`, notInArray(tasks.status, ACTIVE))!);
  if (q.record) {
    const split = q.record.indexOf(':');
    const record = await resolveRecord(ctx, { type: q.record.slice(0, split) as RecordType, id: q.record.slice(split + 1) }, 'read');
    conditions.push(eq(tasks.recordType, record.type), eq(tasks.recordId, record.id));
  }

  const sort = q.sort;
  const defaultDir: SortDir = sort === 'created' ? 'desc' : 'asc';
  const dir = q.dir ?? defaultDir;
  const tag = orderTag(sort, dir, defaultDir);
  const keyColumn = sort === 'created' ? cursorTime(tasks.createdAt) : dueKey;
  if (q.cursor) {
    if (sort === 'created') {
      const { key, id } = decodeSortCursor(q.cursor, tag, isCursorTime);
      conditions.push(rowsAfter(dir, [tasks.createdAt, tasks.id], [cursorTimeValue(key), sql`${id}::uuid`]));
    } else {
      const { key, id } = decodeSortCursor(q.cursor, tag, isText);
      conditions.push(rowsAfter(dir, [dueKey, tasks.id], [sql`${key}`, sql`${id}::uuid`]));
    }
  }
  const rows = await ctx.db
    .select({ row: tasks, key: keyColumn })
    .from(tasks)
    .where(and(...conditions))
    .orderBy(...orderColumns(dir, sort === 'created' ? [tasks.createdAt, tasks.id] : [dueKey, tasks.id]))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: await taskViews(
      ctx,
      page.map((r) => r.row),
    ),
    nextCursor: rows.length > q.limit && last ? encodeSortCursor(tag, last.key, last.row.id) : null,
  };
}

/** How many open or in-progress tasks are assigned to the caller, and how many of them are overdue (the sidebar). */
export async function countMyOpenTasks(ctx: TenantContext): Promise<{ open: number; overdue: number }> {
  const me = requireTaskMember(ctx);
  const [row] = await myOpenTaskCountQuery(ctx.db, ctx.tenant.id, me.id, todayOf(now()));
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
}

/**
 * The sidebar count's statement, run on every console page: one person's open and in-progress tasks, read through
 * `tasks_tenant_assignee_idx` whatever the tenant's number of tasks (tests/integration/task-counts-at-scale.test.ts).
 */
export const myOpenTaskCountQuery = (db: TenantContext['db'], tenantId: string, userId: string, today: string) =>
  db
    .select({
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${tasks.dueOn} < ${today}))::int`,
    })
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.assigneeId, userId), inArray(tasks.status, ACTIVE)));
