import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { getTask } from '@/lib/tasks/get-task';
import { taskParamsSchema, taskSchema, updateTaskSchema } from '@/lib/tasks/schemas';
import { updateTask } from '@/lib/tasks/update-task';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/tasks/{id}',
    summary: 'One task',
    tags: ['Tasks'],
    access: 'member',
    params: taskParamsSchema,
    response: taskSchema,
  },
  async ({ ctx, params }) => getTask(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/tasks/{id}',
    summary: 'Change a task: title, description, due date, priority, status or assignee',
    description:
      'Its creator, its assignee and members with `members.update` may change a task. Statuses: open → in_progress →' +
      ' done (or open → done); cancelled from open or in_progress; in_progress → open; done or cancelled → open' +
      ' reopens. Any other move is 409. A new assignee is mailed unless they assigned themselves.',
    tags: ['Tasks'],
    access: 'member',
    errors: ['conflict'],
    params: taskParamsSchema,
    body: updateTaskSchema,
    response: taskSchema,
  },
  async ({ ctx, params, body }) => {
    const task = await updateTask(ctx, params.id, body);
    if (body.assigneeId) kickDelivery();
    return task;
  },
);

export const { POST, PUT, DELETE } = methodsNotAllowed(['GET', 'PATCH']);
