import { tenantRoute } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { listTaskAssignees } from '@/lib/tasks/list-assignees';
import { taskAssigneeListSchema } from '@/lib/tasks/schemas';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/tasks/assignees',
    summary: 'Who a task can be assigned to: the active members, by name (user id and name only)',
    tags: ['Tasks'],
    access: 'member',
    params: tenantParamsSchema,
    response: taskAssigneeListSchema,
  },
  async ({ ctx }) => listTaskAssignees(ctx),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
