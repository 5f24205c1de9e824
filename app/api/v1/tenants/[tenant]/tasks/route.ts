import { kickDelivery } from '@/lib/email/kick-delivery';
import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { createTask } from '@/lib/tasks/create-task';
import { listTasks } from '@/lib/tasks/list-tasks';
import { createTaskSchema, listTasksQuerySchema, taskPageSchema, taskSchema } from '@/lib/tasks/schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/tasks',
    summary: "The tenant's tasks: mine (`assignee=me`) or anyone's, by status, overdue or linked record",
    description:
      'Any member sees the tenant’s tasks. A linked record is named (`label`, `path`) only to callers who may read' +
      ' records of its kind. `record=type:id` lists the tasks about one record and needs its read permission.' +
      ' Overdue: due before today (UTC) and open or in progress.',
    tags: ['Tasks'],
    access: 'member',
    params: tenantParamsSchema,
    query: listTasksQuerySchema,
    response: taskPageSchema,
  },
  async ({ ctx, query }) => listTasks(ctx, query),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/tasks',
    summary: 'Create a task, optionally assigned to a member and linked to a record',
    description:
      'Any member may create a task. Linking a record needs its read permission (403) and a record of this tenant' +
      ' (404). The assignee must be an active member; they are mailed unless they created it themselves.',
    tags: ['Tasks'],
    access: 'member',
    params: tenantParamsSchema,
    body: createTaskSchema,
    response: taskSchema,
    status: 201,
  },
  async ({ ctx, body }) => {
    const task = await createTask(ctx, body);
    if (task.assignee) kickDelivery();
    return task;
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
