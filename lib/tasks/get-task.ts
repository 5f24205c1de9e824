import type { TenantContext } from '@/lib/context';
import { requireTaskMember } from './create-task';
import { taskById, taskView } from './queries';
import type { TaskView } from './schemas';

/** `GET /api/v1/tenants/{tenant}/tasks/{id}`: one task for any member (404 for another tenant's or an unknown id). */
export async function getTask(ctx: TenantContext, id: string): Promise<TaskView> {
  requireTaskMember(ctx);
  return taskView(ctx, await taskById(ctx, id));
}
