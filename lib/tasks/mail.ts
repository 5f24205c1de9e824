import type { TenantContext } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { TASK_PRIORITY_LABEL } from './policy';
import type { TaskRow } from './queries';

/** The console's task list of a tenant, as an absolute link for mail. */
export const tasksUrl = (tenantSlug: string) => appUrl(`/t/${encodeURIComponent(tenantSlug)}/tasks`);

/**
 * Mail the assignee that a task was assigned to them, in the transaction that assigned it (so both commit or
 * neither). Only when someone else assigned it: assigning yourself sends nothing.
 */
export async function mailAssignee(
  ctx: TenantContext,
  task: TaskRow,
  assignee: { id: string; name: string; email: string },
  assignedBy: { id: string; name: string },
): Promise<boolean> {
  if (assignee.id === assignedBy.id) return false;
  await enqueueEmail(ctx.db, {
    to: assignee.email,
    template: 'taskAssigned',
    data: {
      name: assignee.name,
      tenantName: ctx.tenant.name,
      assignedBy: assignedBy.name,
      title: task.title,
      dueOn: task.dueOn,
      priority: TASK_PRIORITY_LABEL[task.priority],
      url: tasksUrl(ctx.tenant.slug),
    },
  });
  return true;
}
