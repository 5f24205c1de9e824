import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { myOpenTaskCountQuery } from '@/lib/tasks/list-tasks';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { plannedIndexes, plannedScans } from '../support/query-plan';

// The sidebar's task count runs on every console page. Among 40,000 tasks of two tenants and 400 assignees it must
// read one person's tasks by tasks_tenant_assignee_idx, not the table or the tenant's tasks whole, and still count them right (open and in
// progress; overdue = due before today).
let acme: TestTenant;
let other: TestTenant;
const TODAY = '2026-06-15';

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  const db = await getDb();
  for (const t of [acme, other]) {
    // 20,000 tasks per tenant for 200 made-up assignees, a quarter of each status, every tenth due before TODAY.
    await db.execute(sql`
      insert into tasks (tenant_id, title, status, due_on, assignee_id, created_by, created_by_name)
      select ${t.id}::uuid, 'Task ' || g,
             (array['open', 'in_progress', 'done', 'cancelled'])[1 + g % 4],
             case when g % 10 = 0 then date '2026-06-01' else date '2026-07-01' end,
             ('00000000-0000-4000-8000-' || lpad((g % 200)::text, 12, '0'))::uuid,
             ${t.users.admin.id}::uuid, 'Fixture'
        from generate_series(1, 20000) g`);
  }
  // The viewer of acme: 6 open, 4 in progress (3 of them overdue), 5 done, 2 cancelled.
  const mine = (status: string, due: string, n: number) =>
    db.execute(sql`
      insert into tasks (tenant_id, title, status, due_on, assignee_id, created_by, created_by_name)
      select ${acme.id}::uuid, 'Mine ' || g, ${status}, ${due}::date, ${acme.users.viewer.id}::uuid, ${acme.users.admin.id}::uuid, 'Fixture'
        from generate_series(1, ${n}::int) g`);
  await mine('open', '2026-07-01', 6);
  await mine('in_progress', '2026-06-14', 3);
  await mine('in_progress', '2026-06-15', 1);
  await mine('done', '2026-06-01', 5);
  await mine('cancelled', '2026-06-01', 2);
  await db.execute(sql`analyze tasks`);
});

describe("the sidebar's task count among many tasks", () => {
  it('counts one person’s open and in-progress tasks, and the overdue among them', async () => {
    const { id } = acme.users.viewer;
    const [row] = await withTenant(acme.id, (tx) => myOpenTaskCountQuery(tx, acme.id, id, TODAY), { userId: id });
    expect(row).toEqual({ open: 10, overdue: 3 });
    const [elsewhere] = await withTenant(other.id, (tx) => myOpenTaskCountQuery(tx, other.id, id, TODAY), { userId: id });
    expect(elsewhere).toEqual({ open: 0, overdue: 0 });
  });

  it('reads them by the assignee index, not the whole table', async () => {
    const { id } = acme.users.viewer;
    const [scans, indexes] = await withTenant(
      acme.id,
      async (tx) => {
        const query = myOpenTaskCountQuery(tx, acme.id, id, TODAY).getSQL();
        return [await plannedScans(tx, query), await plannedIndexes(tx, query)];
      },
      { userId: id },
    );
    expect(scans).not.toEqual([]);
    expect(scans.filter((scan) => scan === 'Seq Scan on tasks')).toEqual([]);
    // Not the tenant's tasks whole through another index that starts with tenant_id either.
    expect(indexes).toEqual(['tasks_tenant_assignee_idx']);
  });
});
