import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, memberRoles } from '@/db/schema';
import { accessReviewCampaigns, accessReviewItems } from '@/db/schema/access-reviews';
import { createAccessReview } from '@/lib/access-reviews/create-access-review';
import { accessReviewDashboard, listOverdueAccessReviews } from '@/lib/access-reviews/overdue';
import { startRecurringAccessReviews } from '@/lib/access-reviews/recurring';
import { sendAccessReviewReminders } from '@/lib/access-reviews/reminders';
import type { CreateAccessReviewInput } from '@/lib/access-reviews/schemas';
import type { Actor } from '@/lib/context';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { stopJobSender } from '@/lib/jobs/enqueue';
import * as remindersCron from '@/app/api/cron/send-access-review-reminders/route';
import * as recurringCron from '@/app/api/cron/start-recurring-access-reviews/route';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant, type TestUser } from '../support/fixtures';
import { newMember } from '../support/members';
import { deliveriesOf, eventObjectId, eventsOfType, insertEndpoint } from '../support/webhook-endpoints';

// The access-review schedules with the controllable clock (issue 21): reviewers are reminded once, three days before
// the due date; an overdue campaign is on the dashboard and escalated to the admins once; a quarterly campaign starts
// exactly one successor a quarter after it started, also when two runs race. Every run is limited to this file's
// tenant (a shared test database holds other files' campaigns).

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = new Date('2031-01-10T09:00:00Z');

let t: TestTenant;
let admin2: TestUser & { membershipId: string };
const personOf = (u: TestUser): Actor => ({ type: 'user', id: u.id, name: u.name, email: u.email, isPlatformAdmin: false });
const as = <T>(u: TestUser, fn: Parameters<typeof withTenantContext<T>>[3]) =>
  withTenantContext(personOf(u), t.slug, { requestId: unique() }, fn);
const start = (input: CreateAccessReviewInput) => as(t.users.admin, (ctx) => createAccessReview(ctx, input));

const mails = async (template: string, campaignName: string) =>
  (
    await (
      await getDb()
    )
      .select({ to: emailOutbox.to, subject: emailOutbox.subject, text: emailOutbox.text })
      .from(emailOutbox)
      .where(eq(emailOutbox.template, template))
  ).filter((m) => m.subject.includes(campaignName));

const audits = (action: string, targetId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, action), eq(auditEvents.targetId, targetId))),
  );

const campaign = async (id: string) =>
  (await withTenant(t.id, (tx) => tx.select().from(accessReviewCampaigns).where(eq(accessReviewCampaigns.id, id))))[0];

const remind = (dryRun = false) => sendAccessReviewReminders({ dryRun, tenantIds: [t.id] });
const recur = (dryRun = false) => startRecurringAccessReviews({ dryRun, tenantIds: [t.id] });

let endpoint: { id: string };
/** The webhook events of `type` about campaign `id`. */
const raised = async (type: string, id: string) => (await eventsOfType(t.id, type)).filter((e) => eventObjectId(e) === id);

beforeAll(async () => {
  // The webhook deliveries are written, not sent: no job engine in this file.
  process.env.JOBS_ENABLED = '0';
  resetEnv();
  t = await createTenantWithMembers();
  admin2 = await newMember(t, ['admin'], 'admin2');
  endpoint = await insertEndpoint(t.id, 'http://127.0.0.1:9/hooks', ['access_review.*']);
});

afterAll(async () => {
  setClock();
  await stopJobSender();
  delete process.env.JOBS_ENABLED;
  resetEnv();
});

describe('reminders and escalation', () => {
  let id: string;
  let name: string;

  beforeAll(async () => {
    setClock({ at: T0 });
    name = `Review ${unique()}`;
    // Due in 10 days; qa and the manager review everyone (but themselves).
    id = (
      await start({
        name,
        scope: { type: 'all' },
        reviewers: { type: 'people', userIds: [t.users.qa.id, t.users.manager.id] },
        dueOn: '2031-01-20',
      })
    ).id;
  });

  it('mails each reviewer with unsigned items once, three days before the due date (a dry run only counts)', async () => {
    expect(await remind()).toMatchObject({ reminded: 0, escalated: 0 });
    setClock({ at: new Date(T0.getTime() + 6 * DAY) }); // 2031-01-16: four days before
    expect(await remind()).toMatchObject({ reminded: 0 });
    expect(await mails('accessReviewReminder', name)).toEqual([]);

    setClock({ at: new Date(T0.getTime() + 7 * DAY) }); // 2031-01-17: three days before
    expect(await remind(true)).toMatchObject({ dryRun: true, reminded: 1, reminderMails: 2, escalated: 0 });
    expect(await mails('accessReviewReminder', name)).toEqual([]);
    expect((await campaign(id)).remindedAt).toBeNull();

    const real = await remind();
    expect(real).toMatchObject({ dryRun: false, reminded: 1, reminderMails: 2, escalated: 0, tenants: [t.slug] });
    const sent = await mails('accessReviewReminder', name);
    expect(sent.map((m) => m.to).sort()).toEqual([t.users.qa.email, t.users.manager.email].map((e) => e.toLowerCase()).sort());
    // Each reviewer is told how many members wait for them (6 members, none about themselves: 5 each).
    for (const m of sent) expect(m.text).toContain('5 members are still waiting for your signed decision');
    expect((await campaign(id)).remindedAt?.toISOString()).toBe(new Date(T0.getTime() + 7 * DAY).toISOString());
    const [audit] = await audits('access_review.reminded', id);
    expect(audit).toMatchObject({ actorType: 'system', actorId: 'send-access-review-reminders' });
    expect((audit.after as { reviewers: string[] }).reviewers.sort()).toEqual([t.users.qa.id, t.users.manager.id].sort());

    // Once: the next days send nothing more.
    setClock({ at: new Date(T0.getTime() + 8 * DAY) });
    expect(await remind()).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await mails('accessReviewReminder', name)).toHaveLength(2);
    expect(await audits('access_review.reminded', id)).toHaveLength(1);
  });

  it('on the due day it is not yet overdue; the day after it is on the dashboard and escalated to the admins once', async () => {
    setClock({ at: new Date('2031-01-20T23:00:00Z') });
    expect(await remind()).toMatchObject({ escalated: 0 });
    expect(await as(t.users.admin, (ctx) => listOverdueAccessReviews(ctx))).toEqual([]);

    setClock({ at: new Date('2031-01-21T06:35:00Z') });
    const overdue = await as(t.users.admin, (ctx) => listOverdueAccessReviews(ctx));
    expect(overdue).toEqual([
      { id, name, dueOn: '2031-01-20', daysOverdue: 1, ownerName: t.users.admin.name, openItems: 10, escalatedAt: null },
    ]);

    expect(await remind(true)).toMatchObject({ dryRun: true, escalated: 1, escalationMails: 2 });
    expect(await mails('accessReviewOverdue', name)).toEqual([]);
    const real = await remind();
    expect(real).toMatchObject({ reminded: 0, escalated: 1, escalationMails: 2 });
    const sent = await mails('accessReviewOverdue', name);
    // The admins (holders of access_reviews.manage), not the reviewers.
    expect(sent.map((m) => m.to).sort()).toEqual([t.users.admin.email, admin2.email].map((e) => e.toLowerCase()).sort());
    expect(sent[0].text).toContain('10 items are not yet decided and signed, by 2 reviewers');
    expect(await audits('access_review.escalated', id)).toHaveLength(1);
    // Downstream systems hear it once too (the dry run's event was rolled back with it), as access_review.overdue.
    const overdueEvents = await raised('access_review.overdue', id);
    expect(overdueEvents).toHaveLength(1);
    expect(overdueEvents[0].payload.data).toMatchObject({
      action: 'access_review.escalated',
      state: { name, dueOn: '2031-01-20', daysOverdue: 1, openItems: 10 },
      actor: { type: 'system', id: 'send-access-review-reminders' },
      reason: 'Overdue since 20 January 2031',
    });
    expect((await deliveriesOf(t.id, endpoint.id)).some((d) => d.eventId === overdueEvents[0].id)).toBe(true);
    expect((await as(t.users.admin, (ctx) => listOverdueAccessReviews(ctx)))[0].escalatedAt).toBe(
      new Date('2031-01-21T06:35:00Z').toISOString(),
    );

    setClock({ at: new Date('2031-01-25T06:35:00Z') });
    expect(await remind()).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await mails('accessReviewOverdue', name)).toHaveLength(2);
    expect((await as(t.users.admin, (ctx) => listOverdueAccessReviews(ctx)))[0].daysOverdue).toBe(5);
  });

  it('the dashboard: the overdue list is for access_reviews.manage only; reviewers see their own open items', async () => {
    const admin = await as(t.users.admin, (ctx) => accessReviewDashboard(ctx));
    expect(admin.overdue?.map((c) => c.id)).toEqual([id]);
    expect(admin.waitingForMe).toEqual([]);
    const qa = await as(t.users.qa, (ctx) => accessReviewDashboard(ctx));
    expect(qa.overdue).toBeNull();
    expect(qa.waitingForMe).toEqual([{ id, name, dueOn: '2031-01-20', overdue: true, openItems: 5 }]);
    const viewer = await as(t.users.viewer, (ctx) => accessReviewDashboard(ctx));
    expect(viewer).toEqual({ overdue: null, waitingForMe: [] });
    await expect(as(t.users.manager, (ctx) => listOverdueAccessReviews(ctx))).rejects.toMatchObject({ status: 403 });
  });

  it('two runs at once escalate a campaign once', async () => {
    setClock({ at: T0 });
    const raceName = `Race ${unique()}`;
    const raceId = (await start({ name: raceName, scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: '2031-01-12' })).id;
    setClock({ at: new Date('2031-01-14T06:35:00Z') });
    const [a, b] = await Promise.all([remind(), remind()]);
    expect(a.escalated + b.escalated).toBe(1);
    expect(a.reminded + b.reminded).toBe(1);
    expect(await audits('access_review.escalated', raceId)).toHaveLength(1);
    expect(await mails('accessReviewOverdue', raceName)).toHaveLength(2);
  });
});

describe('recurring campaigns', () => {
  it('a quarterly campaign starts exactly one successor a quarter after it started, named for its quarter', async () => {
    setClock({ at: new Date('2031-11-03T08:00:00Z') });
    const first = await start({
      name: 'Q4 2031 user-access review',
      scope: { type: 'all' },
      reviewers: { type: 'people', userIds: [t.users.qa.id, t.users.manager.id] },
      dueOn: '2031-11-24',
      recurrence: 'quarterly',
    });
    const successors = () =>
      withTenant(t.id, (tx) =>
        tx
          .select()
          .from(accessReviewCampaigns)
          .where(and(eq(accessReviewCampaigns.tenantId, t.id), eq(accessReviewCampaigns.previousCampaignId, first.id))),
      );

    setClock({ at: new Date('2032-02-02T23:00:00Z') }); // a day short of the quarter
    expect(await recur()).toMatchObject({ started: 0, failed: [] });

    setClock({ at: new Date('2032-02-03T00:15:00Z') });
    expect(await recur(true)).toMatchObject({ dryRun: true, started: 1 });
    expect(await successors()).toEqual([]);

    // Two instances of the schedule at once: one successor.
    const [a, b] = await Promise.all([recur(), recur()]);
    expect(a.started + b.started).toBe(1);
    const [next] = await successors();
    expect(await successors()).toHaveLength(1);
    expect(next).toMatchObject({
      name: 'Q1 2032 user-access review',
      scope: { type: 'all' },
      reviewers: { type: 'people', userIds: [t.users.qa.id, t.users.manager.id] },
      recurrence: 'quarterly',
      status: 'open',
      ownerId: t.users.admin.id,
      ownerName: t.users.admin.name,
      // The first was due 21 days after it started; so is the next.
      dueOn: '2032-02-24',
      previousCampaignId: first.id,
    });
    const items = await withTenant(t.id, (tx) =>
      tx.select().from(accessReviewItems).where(eq(accessReviewItems.campaignId, next.id)).orderBy(asc(accessReviewItems.subjectEmail)),
    );
    // Six members, each reviewed by qa and the manager but never by themselves: the scope resolved as it is now.
    expect(items.length).toBe(10);
    expect(new Set(items.map((i) => i.reviewerId))).toEqual(new Set([t.users.qa.id, t.users.manager.id]));
    const [recurred] = await audits('access_review.recurred', first.id);
    expect(recurred).toMatchObject({ actorType: 'system', actorId: 'start-recurring-access-reviews' });
    expect(recurred.after).toMatchObject({ next: { id: next.id, name: 'Q1 2032 user-access review', dueOn: '2032-02-24' } });
    expect(await audits('access_review.started', next.id)).toHaveLength(1);
    // The successor raised access_review.started once: the losing run's savepoint took its event with it.
    const startedEvents = await raised('access_review.started', next.id);
    expect(startedEvents).toHaveLength(1);
    expect(startedEvents[0].payload.data).toMatchObject({
      state: { name: 'Q1 2032 user-access review', dueOn: '2032-02-24', previousCampaignId: first.id },
    });

    // Later runs: the first has its successor; the successor's own quarter has not come.
    setClock({ at: new Date('2032-03-01T00:15:00Z') });
    expect(await recur()).toMatchObject({ started: 0 });
    expect(await successors()).toHaveLength(1);

    // A quarter after the successor started, the third follows it (and only it).
    setClock({ at: new Date('2032-05-03T00:15:00Z') });
    expect(await recur()).toMatchObject({ started: 1 });
    const third = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(accessReviewCampaigns)
        .where(and(eq(accessReviewCampaigns.tenantId, t.id), eq(accessReviewCampaigns.previousCampaignId, next.id))),
    );
    expect(third.map((c) => c.name)).toEqual(['Q2 2032 user-access review']);
    expect(await successors()).toHaveLength(1);
  });

  it('one-off campaigns never recur; an owner who no longer manages access reviews is reported, nothing started', async () => {
    setClock({ at: new Date('2033-01-05T08:00:00Z') });
    const once = await start({ name: `Once ${unique()}`, scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: '2033-01-20' });
    const yearly = await as(admin2, (ctx) =>
      createAccessReview(ctx, {
        name: 'Access review 2033',
        scope: { type: 'all' },
        reviewers: { type: 'admins' },
        dueOn: '2033-01-20',
        recurrence: 'yearly',
      }),
    );
    // admin2 loses admin (and so access_reviews.manage).
    await withTenant(t.id, (tx) =>
      tx.delete(memberRoles).where(and(eq(memberRoles.membershipId, admin2.membershipId), eq(memberRoles.roleId, t.roleIds.admin))),
    );
    setClock({ at: new Date('2034-01-06T00:15:00Z') });
    const run = await recur();
    expect(run.failed).toEqual([expect.objectContaining({ campaignId: yearly.id, reason: expect.stringContaining('no longer manages') })]);
    const startedFrom = await withTenant(t.id, (tx) =>
      tx
        .select({ id: accessReviewCampaigns.id, previous: accessReviewCampaigns.previousCampaignId })
        .from(accessReviewCampaigns)
        .where(and(eq(accessReviewCampaigns.tenantId, t.id), inArray(accessReviewCampaigns.previousCampaignId, [once.id, yearly.id]))),
    );
    expect(startedFrom).toEqual([]);
  });
});

describe('the cron routes', () => {
  it('run behind CRON_SECRET, a dry run answers counts and tenants (never emails), other methods are 405', async () => {
    const before = process.env.CRON_SECRET;
    process.env.CRON_SECRET = 'cron-secret-for-access-reviews-01';
    resetEnv();
    setClock();
    try {
      for (const [route, name, keys] of [
        [remindersCron, 'send-access-review-reminders', ['dryRun', 'reminded', 'reminderMails', 'escalated', 'escalationMails', 'tenants']],
        [recurringCron, 'start-recurring-access-reviews', ['dryRun', 'started', 'failed', 'tenants']],
      ] as const) {
        const url = `http://localhost/api/cron/${name}`;
        expect((await call(route.GET, { url })).status, name).toBe(401);
        expect((await call(route.GET, { url, headers: { authorization: 'Bearer wrong-secret-value-000000' } })).status, name).toBe(401);
        const dry = await call(route.GET, {
          url: `${url}?dryRun=1`,
          headers: { authorization: 'Bearer cron-secret-for-access-reviews-01' },
        });
        expect(dry.status, name).toBe(200);
        expect(Object.keys(dry.json).sort(), name).toEqual([...keys].sort());
        expect(dry.json.dryRun).toBe(true);
        expect(JSON.stringify(dry.json)).not.toContain('@');
        const put = await call(route.PUT, { method: 'PUT', url, headers: { authorization: 'Bearer cron-secret-for-access-reviews-01' } });
        expect(put.status, name).toBe(405);
      }
    } finally {
      if (before === undefined) delete process.env.CRON_SECRET;
      else process.env.CRON_SECRET = before;
      resetEnv();
    }
  });
});
