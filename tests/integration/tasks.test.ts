import { and, count, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/tenants/[tenant]/tasks/route';
import { GET, PATCH } from '@/app/api/v1/tenants/[tenant]/tasks/[id]/route';
import { GET as ASSIGNEES } from '@/app/api/v1/tenants/[tenant]/tasks/assignees/route';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { emailOutbox } from '@/db/schema/email';
import { tasks } from '@/db/schema/tasks';
import { setClock } from '@/lib/platform/clock';
import { sendOverdueTaskMail } from '@/lib/tasks/send-overdue-task-mail';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { newBatch } from '../support/quality';
import { membershipOf } from '../support/route-fixtures';

// Tasks through the route handlers (GET/POST …/tasks, GET/PATCH …/tasks/{id}) and the overdue mail sweep: every
// role creates and sees them, linked records need their read permission, edit rights, status moves, filters and
// cursors, another tenant's task and record 404, bad input 400 with nothing written, the assignment mail and the
// overdue mail once per due date by the controllable clock.
let acme: TestTenant;
let other: TestTenant;
let batchId: string;
let otherBatchId: string;

type Role = keyof TestTenant['users'];
const ROLES: Role[] = ['admin', 'manager', 'qa', 'operator', 'viewer'];
const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}/tasks`;

const create = (t: TestTenant, role: Role, body: unknown) =>
  call(CREATE, { method: 'POST', url: base(t), params: { tenant: t.slug }, cookie: t.users[role].cookie, body });
const list = (t: TestTenant, role: Role, query: Record<string, string> = {}) =>
  call(LIST, { url: `${base(t)}?${new URLSearchParams(query)}`, params: { tenant: t.slug }, cookie: t.users[role].cookie });
const one = (t: TestTenant, role: Role, id: string) =>
  call(GET, { url: `${base(t)}/${id}`, params: { tenant: t.slug, id }, cookie: t.users[role].cookie });
const patch = (t: TestTenant, role: Role, id: string, body: unknown) =>
  call(PATCH, { method: 'PATCH', url: `${base(t)}/${id}`, params: { tenant: t.slug, id }, cookie: t.users[role].cookie, body });

async function made(t: TestTenant, role: Role, body: Record<string, unknown>): Promise<any> {
  const res = await create(t, role, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

const taskCount = async (t: TestTenant) =>
  (await withTenant(t.id, (tx) => tx.select({ n: count() }).from(tasks).where(eq(tasks.tenantId, t.id))))[0].n;
const mailTo = async (email: string, template: string) => {
  const db = await getDb();
  return db
    .select({ subject: emailOutbox.subject, text: emailOutbox.text })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, email.toLowerCase()), eq(emailOutbox.template, template)));
};
const auditOf = (t: TestTenant, taskId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select({ action: auditEvents.action, before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.targetType, 'task'), eq(auditEvents.targetId, taskId)))
      .orderBy(auditEvents.seq),
  );

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  batchId = await newBatch(acme);
  otherBatchId = await newBatch(other);
});

afterEach(() => setClock());

describe('creating and seeing tasks', () => {
  it('every role creates a task and sees everyone’s; the creator is recorded and audited', async () => {
    const ids: string[] = [];
    for (const role of ROLES) {
      const task = await made(acme, role, { title: `Task by ${role}` });
      expect(task).toMatchObject({
        status: 'open',
        priority: 'normal',
        dueOn: null,
        assignee: null,
        overdue: false,
        record: null,
        canEdit: true,
      });
      expect(task.createdBy).toEqual({ id: acme.users[role].id, name: expect.any(String) });
      ids.push(task.id);
    }
    for (const role of ROLES) {
      const res = await list(acme, role, { limit: '200' });
      expect(res.status).toBe(200);
      const seen = res.json.data.map((t: { id: string }) => t.id);
      for (const id of ids) expect(seen).toContain(id);
    }
    const events = await auditOf(acme, ids[0]);
    expect(events.map((e) => e.action)).toEqual(['task.created']);
    expect(events[0].after).toMatchObject({ title: 'Task by admin', status: 'open' });
  });

  it('a linked record needs its read permission: 403 for the viewer on a member, nothing written; the batch is fine', async () => {
    const memberId = await membershipOf(acme, acme.users.qa.id);
    const before = await taskCount(acme);
    const refused = await create(acme, 'viewer', { title: 'About QA', record: { type: 'member', id: memberId } });
    expect(refused.status).toBe(403);
    const operator = await create(acme, 'operator', { title: 'About QA', record: { type: 'member', id: memberId } });
    expect(operator.status).toBe(403);
    expect(await taskCount(acme)).toBe(before);

    const onBatch = await made(acme, 'viewer', { title: 'Look at the batch', record: { type: 'batch', id: batchId } });
    expect(onBatch.record).toEqual({ type: 'batch', id: batchId, label: expect.stringMatching(/^Batch /), path: `/batches/${batchId}` });
  });

  it('another tenant’s record or an unknown one is 404, nothing written', async () => {
    const before = await taskCount(acme);
    const theirs = await create(acme, 'admin', { title: 'Theirs', record: { type: 'batch', id: otherBatchId } });
    expect(theirs.status).toBe(404);
    const unknown = await create(acme, 'admin', { title: 'Unknown', record: { type: 'site', id: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(404);
    expect(await taskCount(acme)).toBe(before);
  });

  it('names a linked record only to those who may read it', async () => {
    const memberId = await membershipOf(acme, acme.users.operator.id);
    const task = await made(acme, 'admin', { title: 'Check the operator’s training', record: { type: 'member', id: memberId } });
    expect(task.record.label).toMatch(/^Member /);
    const asViewer = await one(acme, 'viewer', task.id);
    expect(asViewer.status).toBe(200);
    expect(asViewer.json.record).toEqual({ type: 'member', id: memberId, label: null, path: null });
    const listed = await list(acme, 'viewer', { limit: '200' });
    expect(listed.json.data.find((t: { id: string }) => t.id === task.id).record.label).toBeNull();
    // …and listing by that record needs the read permission too.
    expect((await list(acme, 'viewer', { record: `member:${memberId}` })).status).toBe(403);
    const byRecord = await list(acme, 'manager', { record: `member:${memberId}` });
    expect(byRecord.json.data.map((t: { id: string }) => t.id)).toEqual([task.id]);
  });

  it('the assignee must be an active member of the tenant (400 naming assigneeId, nothing written)', async () => {
    const before = await taskCount(acme);
    const res = await create(acme, 'admin', { title: 'For a stranger', assigneeId: other.users.admin.id });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain('assigneeId');
    expect(await taskCount(acme)).toBe(before);
  });

  it('any member lists who can be assigned: the active members by id and name, nobody else’s', async () => {
    for (const role of ROLES) {
      const res = await call(ASSIGNEES, { url: `${base(acme)}/assignees`, params: { tenant: acme.slug }, cookie: acme.users[role].cookie });
      expect(res.status).toBe(200);
      const ids = res.json.data.map((p: { id: string }) => p.id);
      for (const r of ROLES) expect(ids).toContain(acme.users[r].id);
      expect(ids).not.toContain(other.users.admin.id);
      expect(Object.keys(res.json.data[0]).sort()).toEqual(['id', 'name']);
    }
  });

  it('bad input is 400 naming the field, and nothing is written', async () => {
    const before = await taskCount(acme);
    const cases: [unknown, string][] = [
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ title: 'Due', dueOn: '2026-13-40' }, 'dueOn'],
      [{ title: 'Priority', priority: 'whenever' }, 'priority'],
      [{ title: 'Record', record: { type: 'invoice', id: batchId } }, 'record.type'],
      [{ title: 'Extra', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await create(acme, 'operator', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
    }
    expect(await taskCount(acme)).toBe(before);
    const task = await made(acme, 'operator', { title: 'To patch badly' });
    const bad = await patch(acme, 'operator', task.id, { status: 'finished' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toContain('status');
    expect((await one(acme, 'operator', task.id)).json.status).toBe('open');
    const badQuery = await list(acme, 'operator', { overdue: 'maybe' });
    expect(badQuery.status).toBe(400);
    expect((await list(acme, 'operator', { cursor: 'nonsense' })).json.errors[0].path).toBe('query.cursor');
  });

  it('another tenant’s task is 404 to read and to change', async () => {
    const theirs = await made(other, 'admin', { title: 'Theirs' });
    expect((await one(acme, 'admin', theirs.id)).status).toBe(404);
    expect((await patch(acme, 'admin', theirs.id, { status: 'done' })).status).toBe(404);
    // Their path with our cookie: not a member there.
    expect((await list(other, 'admin', {})).status).toBe(200);
    const ours = await made(acme, 'admin', { title: 'Ours' });
    expect(
      (await call(GET, { url: `${base(other)}/${ours.id}`, params: { tenant: other.slug, id: ours.id }, cookie: acme.users.admin.cookie }))
        .status,
    ).toBe(404);
    expect((await one(other, 'admin', theirs.id)).json.status).toBe('open');
  });
});

describe('changing tasks', () => {
  it('the creator, the assignee and members.update holders may edit; others get 403 and nothing changes', async () => {
    const task = await made(acme, 'operator', { title: 'Calibrate the scale', assigneeId: acme.users.qa.id });
    expect(task.assignee).toEqual({ id: acme.users.qa.id, name: expect.any(String) });
    expect((await one(acme, 'viewer', task.id)).json.canEdit).toBe(false);
    const refused = await patch(acme, 'viewer', task.id, { title: 'Taken over' });
    expect(refused.status).toBe(403);
    expect((await one(acme, 'viewer', task.id)).json.title).toBe('Calibrate the scale');
    expect((await patch(acme, 'operator', task.id, { priority: 'high' })).status).toBe(200);
    expect((await patch(acme, 'qa', task.id, { description: 'Both balances.' })).status).toBe(200);
    expect((await patch(acme, 'manager', task.id, { dueOn: '2030-01-31' })).status).toBe(200);
    const admin = await patch(acme, 'admin', task.id, { title: 'Calibrate the scales' });
    expect(admin.status).toBe(200);
    expect(admin.json).toMatchObject({
      title: 'Calibrate the scales',
      priority: 'high',
      description: 'Both balances.',
      dueOn: '2030-01-31',
    });
  });

  it('status moves follow the policy: done and cancelled reopen first; each change is audited in words', async () => {
    const task = await made(acme, 'qa', { title: 'Review SOP-12' });
    const started = await patch(acme, 'qa', task.id, { status: 'in_progress' });
    expect(started.json.status).toBe('in_progress');
    const done = await patch(acme, 'qa', task.id, { status: 'done' });
    expect(done.json.status).toBe('done');
    expect(done.json.completedAt).not.toBeNull();
    const toCancelled = await patch(acme, 'qa', task.id, { status: 'cancelled' });
    expect(toCancelled.status).toBe(409);
    expect((await one(acme, 'qa', task.id)).json.status).toBe('done');
    const reopened = await patch(acme, 'qa', task.id, { status: 'open' });
    expect(reopened.json).toMatchObject({ status: 'open', completedAt: null });
    expect((await patch(acme, 'qa', task.id, { status: 'cancelled' })).json.status).toBe('cancelled');
    expect((await patch(acme, 'qa', task.id, { status: 'in_progress' })).status).toBe(409);

    const reassigned = await patch(acme, 'qa', task.id, { assigneeId: acme.users.operator.id });
    expect(reassigned.json.assignee.id).toBe(acme.users.operator.id);
    const actions = (await auditOf(acme, task.id)).map((e) => e.action);
    expect(actions).toEqual(['task.created', 'task.updated', 'task.completed', 'task.updated', 'task.updated', 'task.assigned']);
  });

  it('mails the assignee when someone else assigns them, not when they take it themselves', async () => {
    const byOther = await made(acme, 'admin', {
      title: 'Sign the deviation report',
      assigneeId: acme.users.manager.id,
      dueOn: '2030-02-01',
    });
    const mails = await mailTo(acme.users.manager.email, 'taskAssigned');
    expect(mails.some((m) => m.text.includes('Sign the deviation report') && m.text.includes('2030-02-01'))).toBe(true);
    const mine = await made(acme, 'viewer', { title: 'Read the new SOP', assigneeId: acme.users.viewer.id });
    expect((await mailTo(acme.users.viewer.email, 'taskAssigned')).some((m) => m.text.includes('Read the new SOP'))).toBe(false);
    await patch(acme, 'viewer', mine.id, { assigneeId: acme.users.qa.id });
    expect((await mailTo(acme.users.qa.email, 'taskAssigned')).some((m) => m.text.includes('Read the new SOP'))).toBe(true);
    expect(byOther.assignee.id).toBe(acme.users.manager.id);
  });
});

describe('lists', () => {
  it('filters by assignee=me, status, overdue (by the clock) and record; pages by cursor in both orders', async () => {
    const t = await createTenantWithMembers();
    setClock({ at: new Date('2030-03-10T09:00:00Z') });
    const batch = await newBatch(t);
    const late = await made(t, 'admin', { title: 'Late', dueOn: '2030-03-09', assigneeId: t.users.operator.id });
    const today = await made(t, 'admin', { title: 'Today', dueOn: '2030-03-10', assigneeId: t.users.operator.id });
    const lateDone = await made(t, 'admin', { title: 'Late but done', dueOn: '2030-03-01', assigneeId: t.users.operator.id });
    await patch(t, 'admin', lateDone.id, { status: 'done' });
    const undated = await made(t, 'qa', { title: 'Undated', record: { type: 'batch', id: batch } });

    const ids = (res: { json: { data: { id: string }[] } }) => res.json.data.map((x) => x.id);
    expect(ids(await list(t, 'operator', { assignee: 'me', sort: 'due' }))).toEqual([lateDone.id, late.id, today.id]);
    expect(ids(await list(t, 'qa', { assignee: t.users.operator.id, status: 'open', sort: 'due' }))).toEqual([late.id, today.id]);
    expect(ids(await list(t, 'viewer', { overdue: 'true' }))).toEqual([late.id]);
    expect((await one(t, 'viewer', late.id)).json.overdue).toBe(true);
    expect((await one(t, 'viewer', today.id)).json.overdue).toBe(false);
    expect(ids(await list(t, 'viewer', { record: `batch:${batch}` }))).toEqual([undated.id]);
    expect((await list(t, 'viewer', { record: `batch:${otherBatchId}` })).status).toBe(404);
    // The next day "Today" is overdue too.
    setClock({ at: new Date('2030-03-11T00:00:01Z') });
    expect(ids(await list(t, 'viewer', { overdue: 'true', sort: 'due' }))).toEqual([late.id, today.id]);

    for (const [sort, dir] of [
      ['created', 'desc'],
      ['created', 'asc'],
      ['due', 'asc'],
      ['due', 'desc'],
    ]) {
      const all = ids(await list(t, 'viewer', { sort, dir }));
      expect(all).toHaveLength(4);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(t, 'viewer', { sort, dir, limit: '1', ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        paged.push(...ids(res));
        cursor = res.json.nextCursor;
      } while (cursor);
      expect(paged, `${sort} ${dir}`).toEqual(all);
    }
    const dueAsc = ids(await list(t, 'viewer', { sort: 'due' }));
    expect(dueAsc.at(-1)).toBe(undated.id);
  });
});

describe('the overdue mail', () => {
  it('mails each assignee their newly overdue tasks once per due date; a dry run changes nothing', async () => {
    const t = await createTenantWithMembers();
    setClock({ at: new Date('2031-05-01T06:00:00Z') });
    const a = await made(t, 'admin', { title: 'Overdue A', dueOn: '2031-04-29', assigneeId: t.users.operator.id });
    await made(t, 'admin', { title: 'Overdue B', dueOn: '2031-04-30', assigneeId: t.users.operator.id });
    await made(t, 'admin', { title: 'Due today', dueOn: '2031-05-01', assigneeId: t.users.operator.id });
    const done = await made(t, 'admin', { title: 'Done late', dueOn: '2031-04-01', assigneeId: t.users.qa.id });
    await patch(t, 'admin', done.id, { status: 'done' });
    await made(t, 'admin', { title: 'Nobody’s', dueOn: '2031-04-01' });

    const dry = await sendOverdueTaskMail({ dryRun: true, tenantIds: [t.id] });
    expect(dry).toMatchObject({ dryRun: true, today: '2031-05-01', tenants: 1, mails: 1, tasks: 2 });
    expect(await mailTo(t.users.operator.email, 'tasksOverdue')).toHaveLength(0);

    expect(await sendOverdueTaskMail({ tenantIds: [t.id] })).toMatchObject({ dryRun: false, mails: 1, tasks: 2 });
    const mails = await mailTo(t.users.operator.email, 'tasksOverdue');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('2 tasks are overdue');
    expect(mails[0].text).toContain('Overdue A (due 2031-04-29)');
    expect(mails[0].text).toContain('Overdue B (due 2031-04-30)');
    expect(mails[0].text).not.toContain('Due today');
    expect(await mailTo(t.users.qa.email, 'tasksOverdue')).toHaveLength(0);

    // Again the same day, and the next day for the same due dates: nothing more.
    expect(await sendOverdueTaskMail({ tenantIds: [t.id] })).toMatchObject({ mails: 0, tasks: 0 });
    setClock({ at: new Date('2031-05-02T06:00:00Z') });
    const next = await sendOverdueTaskMail({ tenantIds: [t.id] });
    expect(next).toMatchObject({ mails: 1, tasks: 1 }); // "Due today" has become overdue
    expect((await mailTo(t.users.operator.email, 'tasksOverdue')).at(-1)!.text).toContain('Due today');

    // A new due date, passed in turn, is mailed once more.
    await patch(t, 'operator', a.id, { dueOn: '2031-05-01' });
    expect(await sendOverdueTaskMail({ tenantIds: [t.id] })).toMatchObject({ mails: 1, tasks: 1 });
    expect(await sendOverdueTaskMail({ tenantIds: [t.id] })).toMatchObject({ mails: 0 });
    expect(await mailTo(t.users.operator.email, 'tasksOverdue')).toHaveLength(3);
    const marked = await withTenant(t.id, (tx) =>
      tx
        .select({ at: tasks.overdueMailedAt })
        .from(tasks)
        .where(and(eq(tasks.tenantId, t.id), inArray(tasks.id, [a.id]))),
    );
    expect(marked[0].at).not.toBeNull();
  });
});
