import { tasks } from '@/db/schema/tasks';
import { actingPerson, actingUserId } from '@/lib/acting-person';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { forbidden } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { resolveRecord } from '@/lib/records/record-ref';
import { parseInput } from '@/lib/validation';
import { mailAssignee } from './mail';
import { activeMember, auditSnapshot, taskView } from './queries';
import { createTaskSchema, type CreateTaskInput, type TaskView } from './schemas';

/** Tasks are for members: an acting person (a member, or an API key acting for its creator), never a system job. */
export function requireTaskMember(ctx: TenantContext): { id: string; name: string } {
  if (actingUserId(ctx.actor) === null || (ctx.actor.type === 'user' && ctx.membershipId === null)) {
    throw forbidden('Only members of this tenant work with its tasks.');
  }
  return actingPerson(ctx.actor);
}

/**
 * `POST /api/v1/tenants/{tenant}/tasks`: any member may create a task. A linked record needs that record's read
 * permission (403) and must be the tenant's (404); the assignee must be an active member (400 naming `assigneeId`).
 * Audited as `task.created`; the assignee is mailed when someone else assigned it.
 */
export async function createTask(ctx: TenantContext, input: CreateTaskInput): Promise<TaskView> {
  const creator = requireTaskMember(ctx);
  const data = parseInput(createTaskSchema, input);
  const record = data.record ? await resolveRecord(ctx, data.record, 'read') : null;
  const assignee = data.assigneeId ? await activeMember(ctx.db, ctx.tenant.id, data.assigneeId, 'assigneeId') : null;
  const at = now();
  const [row] = await ctx.db
    .insert(tasks)
    .values({
      tenantId: ctx.tenant.id,
      title: data.title,
      description: data.description ?? '',
      priority: data.priority ?? 'normal',
      dueOn: data.dueOn ?? null,
      assigneeId: assignee?.id ?? null,
      assigneeName: assignee?.name ?? null,
      recordType: record?.type ?? null,
      recordId: record?.id ?? null,
      createdBy: creator.id,
      createdByName: creator.name,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await recordAudit(ctx, { action: 'task.created', targetType: 'task', targetId: row.id, before: null, after: auditSnapshot(row) });
  if (assignee) await mailAssignee(ctx, row, assignee, creator);
  return taskView(ctx, row);
}
