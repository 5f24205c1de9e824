import { eq } from 'drizzle-orm';
import { tasks } from '@/db/schema/tasks';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, forbidden } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { requireTaskMember } from './create-task';
import { mailAssignee } from './mail';
import { canEditTask, canMoveStatus, EDIT_REFUSED, statusMoveRefused } from './policy';
import { activeMember, auditSnapshot, taskById, taskView } from './queries';
import { updateTaskSchema, type TaskView, type UpdateTaskInput } from './schemas';

/**
 * `PATCH /api/v1/tenants/{tenant}/tasks/{id}`: change a task's title, description, due date, priority, status or
 * assignee. Its creator, its assignee and holders of `members.update` may (403 otherwise); a status move outside
 * ./policy.ts's moves is 409. Audited: `task.assigned` when the assignee changed (the new one is mailed unless they
 * assigned themselves), `task.completed` when it became done, `task.updated` for any other change. A new due date
 * lets the overdue mail go out again for it.
 */
export async function updateTask(ctx: TenantContext, id: string, input: UpdateTaskInput): Promise<TaskView> {
  const me = requireTaskMember(ctx);
  const data = parseInput(updateTaskSchema, input);
  const before = await taskById(ctx, id, { lock: true });
  if (!canEditTask(before, { userId: me.id, permissions: ctx.permissions })) throw forbidden(EDIT_REFUSED);
  const status = data.status ?? before.status;
  if (!canMoveStatus(before.status, status)) throw conflict(statusMoveRefused(before.status, status));

  const assigneeChanged = data.assigneeId !== undefined && data.assigneeId !== before.assigneeId;
  const assignee = assigneeChanged && data.assigneeId ? await activeMember(ctx.db, ctx.tenant.id, data.assigneeId, 'assigneeId') : null;
  const dueOn = data.dueOn === undefined ? before.dueOn : data.dueOn;
  const at = now();
  const [after] = await ctx.db
    .update(tasks)
    .set({
      title: data.title ?? before.title,
      description: data.description ?? before.description,
      priority: data.priority ?? before.priority,
      status,
      dueOn,
      ...(assigneeChanged ? { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null } : {}),
      ...(status !== before.status ? { completedAt: status === 'done' ? at : null } : {}),
      ...(dueOn !== before.dueOn ? { overdueMailedAt: null } : {}),
      updatedAt: at,
    })
    .where(eq(tasks.id, before.id))
    .returning();

  const was = auditSnapshot(before);
  const is = auditSnapshot(after);
  const { assigneeId: _a, assigneeName: _n, status: _s, ...otherWas } = was;
  const { assigneeId: _a2, assigneeName: _n2, status: _s2, ...otherIs } = is;
  const target = { targetType: 'task', targetId: after.id } as const;
  if (assigneeChanged) {
    await recordAudit(ctx, {
      action: 'task.assigned',
      ...target,
      before: { title: before.title, assigneeId: before.assigneeId, assigneeName: before.assigneeName },
      after: { title: after.title, assigneeId: after.assigneeId, assigneeName: after.assigneeName },
    });
  }
  if (status === 'done' && before.status !== 'done') {
    await recordAudit(ctx, {
      action: 'task.completed',
      ...target,
      before: { title: before.title, status: before.status },
      after: { title: after.title, status },
    });
  }
  const otherStatusChange = status !== before.status && status !== 'done';
  if (otherStatusChange || JSON.stringify(otherWas) !== JSON.stringify(otherIs)) {
    await recordAudit(ctx, {
      action: 'task.updated',
      ...target,
      before: { ...otherWas, status: before.status, title: before.title },
      after: { ...otherIs, status: after.status, title: after.title },
    });
  }
  if (assignee) await mailAssignee(ctx, after, assignee, me);
  return taskView(ctx, after);
}
