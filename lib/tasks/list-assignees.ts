import { and, asc, eq } from 'drizzle-orm';
import { users } from '@/db/schema/identity';
import { memberships } from '@/db/schema/tenancy';
import type { TenantContext } from '@/lib/context';
import { requireTaskMember } from './create-task';
import type { TaskAssigneeList } from './schemas';

/**
 * `GET /api/v1/tenants/{tenant}/tasks/assignees`: who a task can be assigned to, for any member (the assignee
 * picker): the tenant's active members, by name, as user id and name only (no email, no roles).
 */
export async function listTaskAssignees(ctx: TenantContext): Promise<TaskAssigneeList> {
  requireTaskMember(ctx);
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.status, 'active')))
    .orderBy(asc(users.name), asc(users.id));
  return { data: rows.map((r) => ({ id: r.id, name: r.name || r.email })) };
}
