import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { users } from '@/db/schema/identity';
import { tasks } from '@/db/schema/tasks';
import { memberships } from '@/db/schema/tenancy';
import { actingUserId } from '@/lib/acting-person';
import type { TenantContext } from '@/lib/context';
import { DomainError, notFound, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { isRecordType, loadRecord, type RecordType } from '@/lib/records/record-ref';
import { canEditTask, canSeeLinkedRecord, isOverdue, todayOf } from './policy';
import type { TaskView } from './schemas';

/** Loaders shared by the task operations (lib/tasks/*-task.ts) and the overdue sweep. */

export type TaskRow = typeof tasks.$inferSelect;

/** A task of the tenant, or 404 (another tenant's or an unknown id too); `lock` holds it for an update. */
export async function taskById(ctx: TenantContext, id: string, options: { lock?: boolean } = {}): Promise<TaskRow> {
  const query = ctx.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, ctx.tenant.id), eq(tasks.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('task');
  return row;
}

/** The assignee as the task stores them: an active member of the tenant (else 400 naming `field`). */
export async function activeMember(
  db: Queryable,
  tenantId: string,
  userId: string,
  field: string,
): Promise<{ id: string; name: string; email: string }> {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId), eq(memberships.status, 'active')));
  if (!row) throw validationFailed([{ path: field, message: 'Choose an active member of this tenant.' }]);
  return { id: row.id, name: row.name || row.email, email: row.email };
}

/** The linked records' labels and paths the caller may see, one load per distinct record (null: gone). */
async function recordLabels(ctx: TenantContext, rows: TaskRow[]): Promise<Map<string, { label: string; path: string } | null>> {
  const labels = new Map<string, { label: string; path: string } | null>();
  for (const row of rows) {
    if (!row.recordType || !row.recordId || !isRecordType(row.recordType)) continue;
    const key = `${row.recordType}:${row.recordId}`;
    if (labels.has(key) || !canSeeLinkedRecord(ctx.permissions, row.recordType)) continue;
    try {
      const record = await loadRecord(ctx, { type: row.recordType, id: row.recordId });
      labels.set(key, { label: record.label, path: record.path });
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) labels.set(key, null);
      else throw error;
    }
  }
  return labels;
}

/** Tasks as the API answers them to this caller (linked records named only where the caller may read them). */
export async function taskViews(ctx: TenantContext, rows: TaskRow[]): Promise<TaskView[]> {
  const labels = await recordLabels(ctx, rows);
  const today = todayOf(now());
  const userId = actingUserId(ctx.actor);
  return rows.map((row) => {
    const type = row.recordType && isRecordType(row.recordType) ? row.recordType : null;
    const seen = type && row.recordId ? labels.get(`${type}:${row.recordId}`) : undefined;
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      status: row.status,
      priority: row.priority,
      dueOn: row.dueOn,
      overdue: isOverdue(row, today),
      assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? '' } : null,
      createdBy: { id: row.createdBy, name: row.createdByName },
      record: type && row.recordId ? { type, id: row.recordId, label: seen?.label ?? null, path: seen?.path ?? null } : null,
      canEdit: canEditTask(row, { userId, permissions: ctx.permissions }),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    };
  });
}

export async function taskView(ctx: TenantContext, row: TaskRow): Promise<TaskView> {
  const [view] = await taskViews(ctx, [row]);
  return view;
}

/** What the audit trail keeps of a task (never the description's history beyond what changed). */
export function auditSnapshot(row: TaskRow): Record<string, unknown> {
  return {
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    dueOn: row.dueOn,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    recordType: row.recordType,
    recordId: row.recordId,
  };
}

export type { RecordType };
