import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/tenants/[tenant]/access-reviews/route';
import { GET as ONE } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/route';
import { GET as ITEMS } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/items/route';
import { PATCH as DECIDE } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/items/[itemId]/route';
import { POST as SIGN } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/sign/route';
import { POST as CLOSE } from '@/app/api/v1/tenants/[tenant]/access-reviews/[id]/close/route';
import {
  auditEvents,
  electronicSignatures,
  memberOverrides,
  memberRoles,
  memberships,
  roles,
  systems,
  teamMembers,
  teams,
} from '@/db/schema';
import { accessReviewCampaigns, accessReviewItems } from '@/db/schema/access-reviews';
import { loadMemberAccess } from '@/lib/access/member-access';
import { stopJobSender } from '@/lib/jobs/enqueue';
import { resetEnv } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant, type TestUser } from '../support/fixtures';
import { newMember } from '../support/members';
import { giveTestPasswords, sign, TEST_PASSWORD } from '../support/quality';
import { deliveriesOf, eventObjectId, eventsOfType, insertEndpoint } from '../support/webhook-endpoints';

// Access-review campaigns through their routes (issue 21): start one over each kind of scope, reviewers decide and
// sign, revocations take effect only with the signature, nobody reviews their own access, the owner closes it;
// the permission matrix, another tenant's ids, bad input, and the database's refusal to change signed or closed rows.

type Member = TestUser & { membershipId: string };
type Who = keyof TestTenant['users'] | TestUser;

const DUE = '2099-12-31';
const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}/access-reviews`;
const cookieOf = (t: TestTenant, who: Who) => (typeof who === 'string' ? t.users[who].cookie : who.cookie);

const create = (t: TestTenant, body: unknown, who: Who = 'admin') =>
  call(CREATE, { method: 'POST', url: base(t), params: { tenant: t.slug }, cookie: cookieOf(t, who), body });
const list = (t: TestTenant, who: Who = 'admin') => call(LIST, { url: base(t), params: { tenant: t.slug }, cookie: cookieOf(t, who) });
const one = (t: TestTenant, id: string, who: Who = 'admin') =>
  call(ONE, { url: `${base(t)}/${id}`, params: { tenant: t.slug, id }, cookie: cookieOf(t, who) });
const items = (t: TestTenant, id: string, who: Who = 'admin', reviewer?: string) =>
  call(ITEMS, {
    url: `${base(t)}/${id}/items${reviewer ? `?reviewer=${reviewer}` : ''}`,
    params: { tenant: t.slug, id },
    cookie: cookieOf(t, who),
  });
const decide = (t: TestTenant, id: string, itemId: string, body: unknown, who: Who) =>
  call(DECIDE, {
    method: 'PATCH',
    url: `${base(t)}/${id}/items/${itemId}`,
    params: { tenant: t.slug, id, itemId },
    cookie: cookieOf(t, who),
    body,
  });
const signAs = (t: TestTenant, id: string, who: Who, password = TEST_PASSWORD) =>
  call(SIGN, {
    method: 'POST',
    url: `${base(t)}/${id}/sign`,
    params: { tenant: t.slug, id },
    cookie: cookieOf(t, who),
    body: { signature: sign('reviewed', password) },
  });
const close = (t: TestTenant, id: string, who: Who = 'admin', password = TEST_PASSWORD) =>
  call(CLOSE, {
    method: 'POST',
    url: `${base(t)}/${id}/close`,
    params: { tenant: t.slug, id },
    cookie: cookieOf(t, who),
    body: { signature: sign('approved', password) },
  });

async function started(t: TestTenant, body: Record<string, unknown>, who: Who = 'admin'): Promise<string> {
  const res = await create(t, { name: 'Quarterly review', dueOn: DUE, ...body }, who);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.id as string;
}

async function allItems(t: TestTenant, id: string) {
  return withTenant(t.id, (tx) => tx.select().from(accessReviewItems).where(eq(accessReviewItems.campaignId, id)));
}

const itemFor = async (t: TestTenant, id: string, reviewer: TestUser, subject: { id: string }) => {
  const found = (await allItems(t, id)).find((i) => i.reviewerId === reviewer.id && i.subjectUserId === subject.id);
  if (!found) throw new Error('no such item');
  return found;
};

const permissionsOf = async (t: TestTenant, userId: string) =>
  withTenant(t.id, async (tx) => (await loadMemberAccess(tx, t.id, userId, { includeSuspended: true }))?.permissions ?? new Set<string>());

const campaignCount = (t: TestTenant) =>
  withTenant(
    t.id,
    async (tx) => (await tx.select({ n: count() }).from(accessReviewCampaigns).where(eq(accessReviewCampaigns.tenantId, t.id)))[0].n,
  );

/** The database's message when it refuses a statement (drizzle wraps it: the driver's error is the cause). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { message: string; cause?: { message?: string } };
    return `${e.message} ${e.cause?.message ?? ''}`;
  }
  return 'not refused';
}

const auditOf = (t: TestTenant, action: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, action))),
  );

describe('starting a campaign over each kind of scope', () => {
  let t: TestTenant;
  let admin2: Member;
  beforeAll(async () => {
    t = await createTenantWithMembers();
    admin2 = await newMember(t, ['admin'], 'admin2');
  });

  it('all members, reviewed by the admins: one item per admin per member, never an admin about themselves, with a snapshot', async () => {
    const id = await started(t, { scope: { type: 'all' }, reviewers: { type: 'admins' } });
    const rows = await allItems(t, id);
    // 6 members (5 default roles + admin2), 2 admins, neither reviews themselves.
    expect(rows).toHaveLength(6 * 2 - 2);
    expect(rows.filter((r) => r.reviewerId === r.subjectUserId)).toEqual([]);
    expect(new Set(rows.map((r) => r.reviewerId))).toEqual(new Set([t.users.admin.id, admin2.id]));
    const qaItem = rows.find((r) => r.subjectUserId === t.users.qa.id)!;
    expect(qaItem.snapshot).toMatchObject({
      status: 'active',
      roles: [{ id: t.roleIds.qa, name: 'qa', system: null }],
      teams: [],
      overrides: [],
    });
    expect(qaItem.snapshot.secondFactor).toEqual({ totp: false, passkeys: 0 });

    const view = await one(t, id);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ status: 'open', dueOn: DUE, overdue: false, progress: { total: 10, decided: 0, signed: 0 } });
    expect(view.json.owner).toEqual({ id: t.users.admin.id, name: t.users.admin.name });
    const started_ = await auditOf(t, 'access_review.started');
    expect(started_.some((e) => e.targetId === id && (e.after as { items: number }).items === 10)).toBe(true);
  });

  it('a team: its members only', async () => {
    const [team] = await withTenant(t.id, (tx) => tx.insert(teams).values({ tenantId: t.id, name: 'Packaging' }).returning());
    await withTenant(t.id, async (tx) => {
      for (const who of ['operator', 'viewer'] as const) {
        const [m] = await tx
          .select({ id: memberships.id })
          .from(memberships)
          .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, t.users[who].id)));
        await tx.insert(teamMembers).values({ tenantId: t.id, teamId: team.id, membershipId: m.id });
      }
    });
    const id = await started(t, { scope: { type: 'team', teamId: team.id }, reviewers: { type: 'people', userIds: [t.users.qa.id] } });
    const rows = await allItems(t, id);
    expect(rows.map((r) => r.subjectUserId).sort()).toEqual([t.users.operator.id, t.users.viewer.id].sort());
    expect(rows.every((r) => r.reviewerId === t.users.qa.id && r.snapshot.teams[0]?.name === 'Packaging')).toBe(true);

    // A team with nobody in it: 400 naming scope, nothing written.
    const [empty] = await withTenant(t.id, (tx) => tx.insert(teams).values({ tenantId: t.id, name: 'Empty' }).returning());
    const before = await campaignCount(t);
    const res = await create(t, { name: 'Empty', dueOn: DUE, scope: { type: 'team', teamId: empty.id }, reviewers: { type: 'admins' } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['scope']);
    expect(await campaignCount(t)).toBe(before);
  });

  it('a system: the members holding one of its roles, with the system in their snapshot', async () => {
    const [system] = await withTenant(t.id, (tx) =>
      tx
        .insert(systems)
        .values({ tenantId: t.id, slug: 'lims', name: 'LIMS', permissions: ['samples.read'] })
        .returning(),
    );
    await withTenant(t.id, async (tx) => {
      const [role] = await tx.insert(roles).values({ tenantId: t.id, name: 'Lab reader', systemId: system.id }).returning();
      const [m] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, t.users.manager.id)));
      await tx.insert(memberRoles).values({ tenantId: t.id, membershipId: m.id, roleId: role.id });
    });
    const id = await started(t, { scope: { type: 'system', systemId: system.id }, reviewers: { type: 'admins' } });
    const rows = await allItems(t, id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.subjectUserId === t.users.manager.id)).toBe(true);
    expect(rows[0].snapshot.systems).toEqual([{ id: system.id, slug: 'lims', name: 'LIMS' }]);
    expect(rows[0].snapshot.roles.find((r) => r.name === 'Lab reader')?.system).toBe('LIMS');
  });

  it('holders of chosen permissions (through roles, as evaluated)', async () => {
    const id = await started(t, {
      scope: { type: 'permissions', permissions: ['batches.release'] },
      reviewers: { type: 'people', userIds: [t.users.manager.id] },
    });
    const rows = await allItems(t, id);
    expect(rows.map((r) => r.subjectUserId)).toEqual([t.users.qa.id]);
  });

  it('a reviewer without members.read sees and decides their own items', async () => {
    const id = await started(t, {
      scope: { type: 'permissions', permissions: ['batches.release'] },
      reviewers: { type: 'people', userIds: [t.users.operator.id] },
    });
    expect((await permissionsOf(t, t.users.operator.id)).has('members.read')).toBe(false);
    const mine = await items(t, id, 'operator');
    expect(mine.status).toBe(200);
    expect(mine.json.data.map((i: { member: { userId: string } }) => i.member.userId)).toEqual([t.users.qa.id]);
    expect(mine.json.data[0].snapshot.roles[0].name).toBe('qa');
    expect((await items(t, id, 'operator', 'all')).status).toBe(403);
    expect((await one(t, id, 'operator')).json.progress).toEqual({ total: 1, decided: 0, signed: 0 });
    const decided = await decide(t, id, mine.json.data[0].id, { decision: 'keep' }, 'operator');
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    expect(decided.json.decision).toBe('keep');
  });

  it('a member whose only reviewer is themselves: 400 naming reviewers, nothing written', async () => {
    const before = await campaignCount(t);
    const res = await create(t, {
      name: 'Self',
      dueOn: DUE,
      scope: { type: 'permissions', permissions: ['batches.release'] },
      reviewers: { type: 'people', userIds: [t.users.qa.id] },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['reviewers']);
    expect(await campaignCount(t)).toBe(before);
  });

  it('bad input is 400 naming each field, nothing written', async () => {
    const before = await campaignCount(t);
    const other = await createTenantWithMembers();
    const cases: Array<[unknown, string[]]> = [
      [{ name: '', scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: DUE }, ['name']],
      [{ name: 'x', scope: { type: 'galaxy' }, reviewers: { type: 'admins' }, dueOn: DUE }, ['scope.type']],
      [{ name: 'x', scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: '2020-01-01' }, ['dueOn']],
      [{ name: 'x', scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: 'soon' }, ['dueOn']],
      [
        { name: 'x', scope: { type: 'all' }, reviewers: { type: 'people', userIds: [other.users.admin.id] }, dueOn: DUE },
        ['reviewers.userIds.0'],
      ],
      [
        { name: 'x', scope: { type: 'permissions', permissions: ['nothing.here'] }, reviewers: { type: 'admins' }, dueOn: DUE },
        ['scope.permissions.0'],
      ],
      [
        { name: 'x', scope: { type: 'team', teamId: '00000000-0000-4000-8000-000000000000' }, reviewers: { type: 'admins' }, dueOn: DUE },
        ['scope.teamId'],
      ],
      [{ name: 'x', scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: DUE, extra: 1 }, ['extra']],
    ];
    for (const [body, paths] of cases) {
      const res = await create(t, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      for (const path of paths)
        expect(
          res.json.errors.map((e: { path: string }) => e.path),
          JSON.stringify(res.json),
        ).toContain(path);
    }
    expect(await campaignCount(t)).toBe(before);
  });

  it('only access_reviews.manage starts one: manager, qa and viewer get 403', async () => {
    for (const who of ['manager', 'qa', 'viewer'] as const) {
      const res = await create(t, { name: 'x', scope: { type: 'all' }, reviewers: { type: 'admins' }, dueOn: DUE }, who);
      expect(res.status, who).toBe(403);
    }
  });
});

describe('a campaign from start to close', () => {
  let t: TestTenant;
  let other: TestTenant;
  let id: string;
  let ops2: Member; // operator + viewer: qa revokes operator
  let leaver: Member; // viewer: qa revokes the membership
  let mover: Member; // operator: manager modifies to viewer
  let stale: Member; // operator + viewer: qa revokes operator, which is already gone when qa signs
  let overridden: Member; // viewer with a direct grant: manager revokes the override
  let endpoint: { id: string };

  beforeAll(async () => {
    // The webhook deliveries are written, not sent: no job engine in this file.
    process.env.JOBS_ENABLED = '0';
    resetEnv();
    t = await createTenantWithMembers();
    other = await createTenantWithMembers();
    endpoint = await insertEndpoint(t.id, 'http://127.0.0.1:9/hooks', ['access_review.*']);
    await giveTestPasswords(t);
    await giveTestPasswords(other);
    ops2 = await newMember(t, ['operator', 'viewer'], 'ops2');
    leaver = await newMember(t, ['viewer'], 'leaver');
    mover = await newMember(t, ['operator'], 'mover');
    stale = await newMember(t, ['operator', 'viewer'], 'stale');
    overridden = await newMember(t, ['viewer'], 'overridden');
    await withTenant(t.id, (tx) =>
      tx
        .insert(memberOverrides)
        .values({ tenantId: t.id, membershipId: overridden.membershipId, permission: 'batches.create', effect: 'grant' }),
    );
    id = await started(t, { scope: { type: 'all' }, reviewers: { type: 'people', userIds: [t.users.qa.id, t.users.manager.id] } });
  });

  it('reviewers are never given their own access to review', async () => {
    const rows = await allItems(t, id);
    // 10 members, 2 reviewers, neither about themselves.
    expect(rows).toHaveLength(10 * 2 - 2);
    expect(rows.filter((r) => r.reviewerId === r.subjectUserId)).toEqual([]);
  });

  it('a reviewer without access_reviews.manage sees the campaign and only their own items; others are refused', async () => {
    const mine = await items(t, id, 'qa');
    expect(mine.status).toBe(200);
    expect(mine.json.data).toHaveLength(9);
    expect(mine.json.data.every((i: { reviewer: { id: string } }) => i.reviewer.id === t.users.qa.id)).toBe(true);
    expect((await items(t, id, 'qa', 'all')).status).toBe(403);
    expect((await items(t, id, 'admin')).json.data).toHaveLength(18);
    expect((await items(t, id, 'admin', 'me')).json.data).toHaveLength(0);
    const asQa = await one(t, id, 'qa');
    expect(asQa.status).toBe(200);
    expect(asQa.json.progress.total).toBe(9);
    expect((await list(t, 'qa')).json.data.map((c: { id: string }) => c.id)).toEqual([id]);
    // Not a reviewer, not a manager: 403 on the campaign and its items, an empty list.
    for (const who of ['viewer', 'operator'] as const) {
      expect((await one(t, id, who)).status, who).toBe(403);
      expect((await items(t, id, who)).status, who).toBe(403);
      expect((await list(t, who)).json.data, who).toEqual([]);
    }
  });

  it('another tenant’s campaign and items are 404 to an admin elsewhere', async () => {
    const item = await itemFor(t, id, t.users.qa, ops2);
    expect((await one(other, id)).status).toBe(404);
    expect((await items(other, id)).status).toBe(404);
    expect((await decide(other, id, item.id, { decision: 'keep' }, 'admin')).status).toBe(404);
    expect((await close(other, id)).status).toBe(404);
    // …and to its reviewers (not reviewers there): 403 before anything is looked up.
    expect((await signAs(other, id, 'qa')).status).toBe(403);
  });

  it('nobody reviews their own access: 403 self_review; another reviewer’s item: 403', async () => {
    const aboutManager = await itemFor(t, id, t.users.qa, t.users.manager);
    const res = await decide(t, id, aboutManager.id, { decision: 'keep' }, 'manager');
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('self_review');
    const managersItem = await itemFor(t, id, t.users.manager, ops2);
    const notYours = await decide(t, id, managersItem.id, { decision: 'keep' }, 'qa');
    expect(notYours.status).toBe(403);
    expect(notYours.json.code).toBe('forbidden');
    // An admin (manager of campaigns) is not a reviewer here either.
    expect((await decide(t, id, managersItem.id, { decision: 'keep' }, 'admin')).status).toBe(403);
    expect((await itemFor(t, id, t.users.manager, ops2)).decision).toBeNull();
  });

  it('a decision is checked: comments for revoke and modify, only what the member held, nothing beyond the reviewer’s power', async () => {
    const item = await itemFor(t, id, t.users.qa, ops2);
    const cases: Array<[unknown, string]> = [
      [{ decision: 'revoke', change: { roleIds: ['operator'] } }, 'comment'],
      [{ decision: 'revoke', comment: 'x' }, 'change'],
      [{ decision: 'revoke', comment: 'x', change: { roleIds: ['admin'] } }, 'change.roleIds.0'],
      [{ decision: 'revoke', comment: 'x', change: { overrides: ['batches.read'] } }, 'change.overrides.0'],
      [{ decision: 'keep', change: { membership: true } }, 'change'],
      [{ decision: 'modify', comment: 'x' }, 'change.setRoleIds'],
      [{ decision: 'modify', comment: 'x', change: { setRoleIds: ['no such role'] } }, 'change.setRoleIds.0'],
      [{ decision: 'maybe' }, 'decision'],
      [{ decision: 'keep', note: 'x' }, 'note'],
    ];
    for (const [body, path] of cases) {
      const res = await decide(t, id, item.id, body, 'qa');
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(res.json),
      ).toContain(path);
    }
    expect((await itemFor(t, id, t.users.qa, ops2)).decision).toBeNull();
    // The manager may not hand out admin through a review.
    const moverItem = await itemFor(t, id, t.users.manager, mover);
    const escalate = await decide(
      t,
      id,
      moverItem.id,
      { decision: 'modify', comment: 'Promote', change: { setRoleIds: ['admin'] } },
      'manager',
    );
    expect(escalate.status).toBe(403);
  });

  it('two reviewers decide; nothing changes until they sign; a wrong password signs and changes nothing', async () => {
    const revokeRole = await decide(
      t,
      id,
      (await itemFor(t, id, t.users.qa, ops2)).id,
      { decision: 'revoke', comment: 'Left production', change: { roleIds: ['operator'] } },
      'qa',
    );
    expect(revokeRole.status, JSON.stringify(revokeRole.json)).toBe(200);
    expect(revokeRole.json).toMatchObject({ decision: 'revoke', change: { roleIds: [t.roleIds.operator] }, signedAt: null });
    expect(
      (
        await decide(
          t,
          id,
          (await itemFor(t, id, t.users.qa, leaver)).id,
          { decision: 'revoke', comment: 'Contract ended', change: { membership: true } },
          'qa',
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await decide(
          t,
          id,
          (await itemFor(t, id, t.users.qa, stale)).id,
          { decision: 'revoke', comment: 'Not needed', change: { roleIds: [t.roleIds.operator] } },
          'qa',
        )
      ).status,
    ).toBe(200);
    // A decision can change while unsigned.
    const keepFirst = await decide(t, id, (await itemFor(t, id, t.users.manager, mover)).id, { decision: 'keep' }, 'manager');
    expect(keepFirst.status).toBe(200);
    const modify = await decide(
      t,
      id,
      (await itemFor(t, id, t.users.manager, mover)).id,
      { decision: 'modify', comment: 'Read only now', change: { setRoleIds: ['viewer'] } },
      'manager',
    );
    expect(modify.status, JSON.stringify(modify.json)).toBe(200);
    expect(modify.json.change).toEqual({ setRoleIds: [t.roleIds.viewer] });
    expect(
      (
        await decide(
          t,
          id,
          (await itemFor(t, id, t.users.manager, overridden)).id,
          { decision: 'revoke', comment: 'Grant was temporary', change: { overrides: ['batches.create'] } },
          'manager',
        )
      ).status,
    ).toBe(200);

    // Decided, not signed: everyone keeps their access.
    expect((await permissionsOf(t, ops2.id)).has('batches.create')).toBe(true);
    expect((await permissionsOf(t, leaver.id)).has('batches.read')).toBe(true);

    const wrong = await signAs(t, id, 'qa', 'not the password');
    expect(wrong.status).toBe(403);
    expect(wrong.json.code).toBe('signature_invalid');
    expect((await permissionsOf(t, ops2.id)).has('batches.create')).toBe(true);
    expect((await itemFor(t, id, t.users.qa, ops2)).signedAt).toBeNull();
    const failed = await auditOf(t, 'signature.failed');
    expect(failed.some((e) => e.targetId === id)).toBe(true);
  });

  it('signing applies each revocation; the member then really lacks the permission; a change already made is noted', async () => {
    // Before qa signs, an admin takes `operator` from `stale` already.
    await withTenant(t.id, (tx) =>
      tx.delete(memberRoles).where(and(eq(memberRoles.membershipId, stale.membershipId), eq(memberRoles.roleId, t.roleIds.operator))),
    );

    const res = await signAs(t, id, 'qa');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.signed).toBe(3);
    expect((await permissionsOf(t, ops2.id)).has('batches.create')).toBe(false);
    expect((await permissionsOf(t, ops2.id)).has('batches.read')).toBe(true);
    const [gone] = await withTenant(t.id, (tx) =>
      tx.select({ status: memberships.status }).from(memberships).where(eq(memberships.id, leaver.membershipId)),
    );
    expect(gone.status).toBe('removed');

    const signedOps2 = await itemFor(t, id, t.users.qa, ops2);
    expect(signedOps2.appliedChange).toEqual({ roleIds: [t.roleIds.operator] });
    expect(signedOps2.signatureId).not.toBeNull();
    const staleItem = await itemFor(t, id, t.users.qa, stale);
    expect(staleItem.appliedChange?.notes?.[0]).toMatch(/already gone/);
    expect(staleItem.signedAt).not.toBeNull();

    // One signature row per item, meaning reviewed, by qa.
    const signatures = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(electronicSignatures)
        .where(and(eq(electronicSignatures.tenantId, t.id), eq(electronicSignatures.recordType, 'access_review_item'))),
    );
    expect(signatures).toHaveLength(3);
    expect(signatures.every((s) => s.meaning === 'reviewed' && s.signerId === t.users.qa.id)).toBe(true);

    // Each change audited with the campaign and the item, beside the member functions' own events.
    const applied = await auditOf(t, 'access_review.change_applied');
    expect(applied.find((e) => e.targetId === ops2.membershipId)?.after).toMatchObject({ campaignId: id, itemId: signedOps2.id });
    expect((await auditOf(t, 'member.removed')).some((e) => e.targetId === leaver.membershipId)).toBe(true);

    // The manager has not signed: the modification and the override are still pending.
    expect((await permissionsOf(t, mover.id)).has('batches.create')).toBe(true);
    expect((await permissionsOf(t, overridden.id)).has('batches.create')).toBe(true);
    const managerSigns = await signAs(t, id, 'manager');
    expect(managerSigns.status, JSON.stringify(managerSigns.json)).toBe(200);
    expect((await permissionsOf(t, mover.id)).has('batches.create')).toBe(false);
    expect((await permissionsOf(t, mover.id)).has('batches.read')).toBe(true);
    expect((await permissionsOf(t, overridden.id)).has('batches.create')).toBe(false);
  });

  it('a signed item cannot change: 409 through the API, refused by the database', async () => {
    const item = await itemFor(t, id, t.users.qa, ops2);
    const res = await decide(t, id, item.id, { decision: 'keep' }, 'qa');
    expect(res.status).toBe(409);
    expect(
      await refusal(
        withTenant(t.id, (tx) => tx.update(accessReviewItems).set({ comment: 'edited' }).where(eq(accessReviewItems.id, item.id))),
      ),
    ).toMatch(/is signed and cannot be changed/);
    expect((await itemFor(t, id, t.users.qa, ops2)).comment).toBe('Left production');
    // Nothing decided and unsigned left: signing again is 409.
    expect((await signAs(t, id, 'qa')).status).toBe(409);
  });

  it('closing: only access_reviews.manage and the owner, once every item is signed; then final', async () => {
    expect((await close(t, id, 'manager')).status).toBe(403);
    const early = await close(t, id);
    expect(early.status).toBe(409);
    expect(early.json.detail ?? early.json.title).toMatch(/of 18 items/);

    // Decide and sign the rest (the removed member's other item included).
    for (const reviewer of [t.users.qa, t.users.manager]) {
      for (const item of (await allItems(t, id)).filter((i) => i.reviewerId === reviewer.id && !i.decision)) {
        const res = await decide(t, id, item.id, { decision: 'keep' }, reviewer);
        expect(res.status, JSON.stringify(res.json)).toBe(200);
      }
      expect((await signAs(t, id, reviewer)).status).toBe(200);
    }
    const admin2 = await newMember(t, ['admin'], 'admin-not-owner');
    expect((await close(t, id, admin2)).status).toBe(403);
    const wrong = await close(t, id, 'admin', 'not the password');
    expect(wrong.status).toBe(403);
    expect((await one(t, id)).json.status).toBe('open');

    const res = await close(t, id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'closed', progress: { total: 18, decided: 18, signed: 18 } });
    expect(res.json.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    const [stored] = await withTenant(t.id, (tx) => tx.select().from(accessReviewCampaigns).where(eq(accessReviewCampaigns.id, id)));
    expect(stored.reportPdf?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(stored.reportCsv).toContain(ops2.email);
    expect(stored.closingSignatureId).not.toBeNull();
    expect((await auditOf(t, 'access_review.closed')).some((e) => e.targetId === id)).toBe(true);

    expect((await close(t, id)).status).toBe(409);
    const item = await itemFor(t, id, t.users.qa, ops2);
    expect((await decide(t, id, item.id, { decision: 'keep' }, 'qa')).status).toBe(409);
    expect(
      await refusal(
        withTenant(t.id, (tx) => tx.update(accessReviewCampaigns).set({ name: 'rewritten' }).where(eq(accessReviewCampaigns.id, id))),
      ),
    ).toMatch(/is closed and cannot be changed/);
    expect(await refusal(withTenant(t.id, (tx) => tx.execute(sql`delete from access_review_campaigns where id = ${id}`)))).toMatch(
      /permission denied/,
    );
    expect((await one(t, id)).json.name).toBe('Quarterly review');
  });

  it('downstream systems heard it: access_review.started, .decisions_signed per signing, .closed, each delivered', async () => {
    const ofCampaign = async (type: string) => (await eventsOfType(t.id, type)).filter((e) => eventObjectId(e) === id);
    const [startedEvent] = await ofCampaign('access_review.started');
    expect(startedEvent.payload).toMatchObject({
      type: 'access_review.started',
      data: {
        object: { type: 'access_review', id },
        state: { name: 'Quarterly review', dueOn: DUE, items: 18 },
        actor: { type: 'user', id: t.users.admin.id },
      },
    });
    // qa and the manager each signed twice (their first decisions, then the rest); the refused password raised nothing.
    const signings = await ofCampaign('access_review.decisions_signed');
    expect(signings.map((e) => (e.payload.data.actor as { id: string }).id).sort()).toEqual(
      [t.users.qa.id, t.users.qa.id, t.users.manager.id, t.users.manager.id].sort(),
    );
    expect(signings[0].payload.data.state).toMatchObject({ name: 'Quarterly review', meaning: 'reviewed' });
    const closed = await ofCampaign('access_review.closed');
    expect(closed).toHaveLength(1);
    expect(closed[0].payload.data).toMatchObject({ previous: { status: 'open' }, state: { status: 'closed' } });
    // Each went to the endpoint subscribed to access_review.*; the other tenant raised none.
    const delivered = new Set((await deliveriesOf(t.id, endpoint.id)).map((d) => d.eventId));
    for (const e of [startedEvent, ...signings, ...closed]) expect(delivered.has(e.id)).toBe(true);
    expect(delivered.size).toBe(6);
    expect(await eventsOfType(other.id, 'access_review.started')).toEqual([]);
  });
});

afterAll(async () => {
  await stopJobSender();
  delete process.env.JOBS_ENABLED;
  resetEnv();
});

describe('a signed change the member rules refuse', () => {
  it('revoking the last full admin is noted on the item, rolled back alone, and the other decisions still apply', async () => {
    const t = await createTenantWithMembers();
    await giveTestPasswords(t);
    const id = await started(t, { scope: { type: 'all' }, reviewers: { type: 'people', userIds: [t.users.qa.id, t.users.manager.id] } });
    const adminItem = await itemFor(t, id, t.users.qa, t.users.admin);
    const viewerItem = await itemFor(t, id, t.users.qa, t.users.viewer);
    expect((await decide(t, id, adminItem.id, { decision: 'revoke', comment: 'Test', change: { membership: true } }, 'qa')).status).toBe(
      200,
    );
    expect(
      (await decide(t, id, viewerItem.id, { decision: 'revoke', comment: 'Left', change: { roleIds: ['viewer'] } }, 'qa')).status,
    ).toBe(200);

    const res = await signAs(t, id, 'qa');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.signed).toBe(2);
    const admin = await itemFor(t, id, t.users.qa, t.users.admin);
    expect(admin.signedAt).not.toBeNull();
    expect(admin.appliedChange?.membership).toBeUndefined();
    expect(admin.appliedChange?.notes?.join(' ')).toMatch(/Not applied: .*admin/i);
    expect((await permissionsOf(t, t.users.admin.id)).has('access_reviews.manage')).toBe(true);
    expect((await itemFor(t, id, t.users.qa, t.users.viewer)).appliedChange).toEqual({ roleIds: [t.roleIds.viewer] });
    expect((await permissionsOf(t, t.users.viewer.id)).has('batches.read')).toBe(false);
    expect((await auditOf(t, 'member.removed')).filter((e) => e.targetId === adminItem.membershipId)).toEqual([]);
  });
});
