import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema/identity';
import { tasks } from '@/db/schema/tasks';
import { memberships, tenants } from '@/db/schema/tenancy';
import { enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { todayOf } from './policy';
import { tasksUrl } from './mail';

export type OverdueTaskMailSummary = {
  dryRun: boolean;
  /** The day before which a due date is overdue (UTC). */
  today: string;
  /** Tenants with at least one mail sent (or, in a dry run, to send). */
  tenants: number;
  /** Mails: one per assignee and tenant. */
  mails: number;
  /** Tasks named in them. */
  tasks: number;
};

/**
 * The schedule `send-overdue-task-mail` (daily): mail each assignee their newly overdue tasks, one message per
 * assignee and tenant. A task is newly overdue when it is open or in progress, its due date is before today (UTC, by
 * the controllable clock) and it has not been mailed about for this due date (`overdue_mailed_at` is null; a new due
 * date clears it, lib/tasks/update-task.ts). The mail and the mark commit together per tenant, with the tasks locked
 * (SKIP LOCKED), so two runs at once mail a task once. Assignees no longer active members are not mailed. A dry run
 * counts and changes nothing. `tenantIds` limits the run (tests on a shared database).
 */
export async function sendOverdueTaskMail(options: { dryRun?: boolean; tenantIds?: string[] } = {}): Promise<OverdueTaskMailSummary> {
  const dryRun = options.dryRun ?? false;
  const db = await getDb();
  const today = todayOf(now());
  const tenantRows = (
    await db.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.status, 'active'))
  ).filter((t) => !options.tenantIds || options.tenantIds.includes(t.id));
  const summary: OverdueTaskMailSummary = { dryRun, today, tenants: 0, mails: 0, tasks: 0 };
  for (const tenant of tenantRows) {
    const sent = await withTenant(tenant.id, async (tx) => {
      const due = await tx
        .select({
          id: tasks.id,
          title: tasks.title,
          dueOn: tasks.dueOn,
          assigneeId: tasks.assigneeId,
          email: users.email,
          name: users.name,
        })
        .from(tasks)
        .innerJoin(
          memberships,
          and(eq(memberships.tenantId, tasks.tenantId), eq(memberships.userId, tasks.assigneeId), eq(memberships.status, 'active')),
        )
        .innerJoin(users, eq(users.id, tasks.assigneeId))
        .where(
          and(
            eq(tasks.tenantId, tenant.id),
            inArray(tasks.status, ['open', 'in_progress']),
            isNotNull(tasks.dueOn),
            lt(tasks.dueOn, today),
            isNull(tasks.overdueMailedAt),
          ),
        )
        .orderBy(tasks.assigneeId, tasks.dueOn, tasks.id)
        .for('update', { of: tasks, skipLocked: true });
      const byAssignee = new Map<string, typeof due>();
      for (const row of due) byAssignee.set(row.assigneeId!, [...(byAssignee.get(row.assigneeId!) ?? []), row]);
      if (dryRun || due.length === 0) return { mails: byAssignee.size, tasks: due.length };
      const at = now();
      for (const rows of byAssignee.values()) {
        await enqueueEmail(tx, {
          to: rows[0].email,
          template: 'tasksOverdue',
          data: {
            name: rows[0].name || rows[0].email,
            tenantName: tenant.name,
            tasks: rows.map((r) => ({ title: r.title, dueOn: r.dueOn! })),
            url: tasksUrl(tenant.slug),
          },
        });
      }
      await tx
        .update(tasks)
        .set({ overdueMailedAt: at })
        .where(
          and(
            eq(tasks.tenantId, tenant.id),
            inArray(
              tasks.id,
              due.map((r) => r.id),
            ),
          ),
        );
      return { mails: byAssignee.size, tasks: due.length };
    });
    if (sent.mails > 0) summary.tenants += 1;
    summary.mails += sent.mails;
    summary.tasks += sent.tasks;
  }
  return summary;
}
