import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '@/auth';
import { POST as deactivatePOST } from '@/app/api/v1/admin/users/[id]/deactivate/route';
import { POST as reactivateUserPOST } from '@/app/api/v1/admin/users/[id]/reactivate/route';
import { GET as usersGET } from '@/app/api/v1/admin/users/route';
import { POST as refreshPOST } from '@/app/api/v1/auth/refresh/route';
import { POST as tokenPOST } from '@/app/api/v1/auth/token/route';
import { GET as meGET } from '@/app/api/v1/me/route';
import { POST as apiKeyPOST } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import { GET as batchesGET } from '@/app/api/v1/tenants/[tenant]/batches/route';
import { GET as memberGET } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { POST as reactivateMemberPOST } from '@/app/api/v1/tenants/[tenant]/members/[id]/reactivate/route';
import { POST as suspendPOST } from '@/app/api/v1/tenants/[tenant]/members/[id]/suspend/route';
import { GET as membersGET } from '@/app/api/v1/tenants/[tenant]/members/route';
import { GET as teamGET } from '@/app/api/v1/tenants/[tenant]/teams/[id]/route';
import { PUT as teamMembersPUT } from '@/app/api/v1/tenants/[tenant]/teams/[id]/members/route';
import { POST as teamsPOST } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, memberships, tenants, users } from '@/db/schema';
import { cleanupInactiveUsers } from '@/lib/auth/cleanup-inactive-users';
import { insertUser } from '@/lib/auth/create-user';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { setClock } from '@/lib/platform/clock';
import { mayDeactivateUser } from '@/lib/platform-admin/user-policy';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { dormancyStep, suspendDormantMembers } from '@/lib/tenancy/suspend-dormant-members';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, unique } from '../support/fixtures';

// The account lifecycle (issue 17): platform admins deactivate accounts, tenant admins suspend members, the
// dormant-member job suspends members who stopped using a tenant, and cleanup never deletes a person of record.
const PASSWORD = 'lifecycle horse battery staple';
const DAY = 24 * 60 * 60 * 1000;
const ORIGIN = 'http://localhost:3000';

afterEach(() => setClock());

let ipCounter = 0;
const ip = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

type Person = { id: string; email: string; name: string; cookie: string };

/** A verified person with a password and a console session. */
async function person(label: string): Promise<Person> {
  const db = await getDb();
  const email = `${label}-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: `Lee ${label}`, password: PASSWORD, verified: true });
  const session = await createSession(db, user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { ...user, email, cookie: `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: user.id })}` };
}

async function join(t: TestTenant, userId: string, role: keyof TestTenant['roleIds']): Promise<string> {
  return (await withTenant(t.id, (tx) => addMember(tx, { tenantId: t.id, userId, roleIds: [t.roleIds[role]] }))).membershipId;
}

const token = (email: string, password = PASSWORD) =>
  call(tokenPOST, {
    method: 'POST',
    url: 'http://localhost/api/v1/auth/token',
    body: { email, password },
    headers: { 'x-forwarded-for': ip() },
  });
const refresh = (refreshToken: string) =>
  call(refreshPOST, { method: 'POST', url: 'http://localhost/api/v1/auth/refresh', body: { refreshToken } });
const me = (headers: Record<string, string>) => call(meGET, { url: 'http://localhost/api/v1/me', headers });
const members = (t: TestTenant, headers: Record<string, string>, query = '') =>
  call(membersGET, { url: `http://localhost/api/v1/tenants/${t.slug}/members${query}`, params: { tenant: t.slug }, headers });
const member = (t: TestTenant, id: string, cookie: string) =>
  call(memberGET, { url: `http://localhost/api/v1/tenants/${t.slug}/members/${id}`, params: { tenant: t.slug, id }, cookie });
const suspend = (slug: string, id: string, cookie: string, body: unknown = {}) =>
  call(suspendPOST, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${slug}/members/${id}/suspend`,
    params: { tenant: slug, id },
    cookie,
    body,
  });
const reactivateMember = (slug: string, id: string, cookie: string) =>
  call(reactivateMemberPOST, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${slug}/members/${id}/reactivate`,
    params: { tenant: slug, id },
    cookie,
  });
const deactivate = (id: string, cookie: string, body: unknown = {}) =>
  call(deactivatePOST, { method: 'POST', url: `http://localhost/api/v1/admin/users/${id}/deactivate`, params: { id }, cookie, body });
const reactivateUser = (id: string, cookie: string) =>
  call(reactivateUserPOST, { method: 'POST', url: `http://localhost/api/v1/admin/users/${id}/reactivate`, params: { id }, cookie });
const listUsers = (cookie: string, query: string) => call(usersGET, { url: `http://localhost/api/v1/admin/users?${query}`, cookie });

async function createKey(t: TestTenant, cookie: string): Promise<string> {
  const res = await call(apiKeyPOST, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${t.slug}/api-keys`,
    params: { tenant: t.slug },
    cookie,
    body: { name: `key-${unique()}`, permissions: ['members.read'] },
  });
  expect(res.status).toBe(201);
  return res.json.key as string;
}

/** The console sign-in through Auth.js (csrf, then the credentials callback), as a browser form does it. */
async function consoleSignIn(email: string, password: string): Promise<URL> {
  const csrf = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': ip() },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${ORIGIN}/` }),
    }) as never,
  );
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function platformEvents(action: string, targetId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
}

async function tenantEvents(tenantId: string, action: string, targetId?: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action), ...(targetId ? [eq(auditEvents.targetId, targetId)] : [])),
      ),
  );
}

async function mailsTo(email: string, template?: string) {
  const db = await getDb();
  const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.to, email.toLowerCase()));
  return template ? rows.filter((r) => r.template === template) : rows;
}

async function membershipRow(tenantId: string, id: string) {
  return withTenant(tenantId, async (tx) => (await tx.select().from(memberships).where(eq(memberships.id, id)))[0]);
}

describe('deactivated accounts', () => {
  let t: TestTenant;
  let root: Person & { sessionId?: string };
  beforeAll(async () => {
    t = await createTenantWithMembers();
    root = { ...(await createUserWithSession('root', { platformAdmin: true })) };
  });

  it('refuses every way in at once, and a reactivation restores them with everything kept', async () => {
    const lee = await person('deact');
    const membershipId = await join(t, lee.id, 'admin');
    const pair = await token(lee.email);
    expect(pair.status).toBe(200);
    const key = await createKey(t, lee.cookie);
    expect((await members(t, { authorization: `Bearer ${key}` })).status).toBe(200);

    const res = await deactivate(lee.id, root.cookie, { reason: 'Left the company' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: lee.id, status: 'deactivated', deactivatedReason: 'Left the company', tenantCount: 1 });

    // Console cookie, bearer access token, refresh token, API key: all refused.
    expect((await members(t, { cookie: lee.cookie })).status).toBe(401);
    expect((await me({ cookie: lee.cookie })).status).toBe(401);
    expect((await me({ authorization: `Bearer ${pair.json.accessToken}` })).status).toBe(401);
    expect((await members(t, { authorization: `Bearer ${pair.json.accessToken}` })).status).toBe(401);
    expect((await refresh(pair.json.refreshToken)).status).toBe(401);
    expect((await members(t, { authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await me({ authorization: `Bearer ${key}` })).status).toBe(401);
    // Signing in: the right password is told the account is deactivated; a wrong one learns nothing.
    const signIn = await token(lee.email);
    expect(signIn.status).toBe(403);
    expect(signIn.json.code).toBe('account_deactivated');
    expect((await token(lee.email, 'not the password at all')).status).toBe(401);
    const consoleAnswer = await consoleSignIn(lee.email, PASSWORD);
    expect(consoleAnswer.searchParams.get('code')).toBe('account_deactivated');

    // Audited in the platform trail with the reason; the person is mailed; nothing of theirs was deleted.
    const [event] = await platformEvents('user.deactivated', lee.id);
    expect(event).toMatchObject({ actorId: root.id, reason: 'Left the company' });
    expect(await mailsTo(lee.email, 'accountDeactivated')).toHaveLength(1);
    expect((await membershipRow(t.id, membershipId)).status).toBe('active');

    const back = await reactivateUser(lee.id, root.cookie);
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ status: 'active', deactivatedAt: null, deactivatedReason: null });
    expect(await platformEvents('user.reactivated', lee.id)).toHaveLength(1);
    expect(await mailsTo(lee.email, 'accountReactivated')).toHaveLength(1);
    const again = await token(lee.email);
    expect(again.status).toBe(200);
    expect((await members(t, { authorization: `Bearer ${again.json.accessToken}` })).status).toBe(200);
    expect((await members(t, { authorization: `Bearer ${key}` })).status).toBe(200);
    // Sessions ended by the deactivation stay ended.
    expect((await me({ cookie: lee.cookie })).status).toBe(401);
  });

  it('allows platform admins only; never yourself; 404 for an unknown id, 400 naming the field, nothing written', async () => {
    const lee = await person('deact-matrix');
    await join(t, lee.id, 'viewer');
    for (const cookie of [t.users.admin.cookie, lee.cookie]) {
      expect((await deactivate(lee.id, cookie)).status).toBe(403);
      expect((await listUsers(cookie, '')).status).toBe(403);
    }
    expect((await call(deactivatePOST, { method: 'POST', url: 'http://localhost/x', params: { id: lee.id }, body: {} })).status).toBe(401);
    const self = await deactivate(root.id, root.cookie);
    expect(self.status).toBe(403);
    expect((await deactivate('00000000-0000-4000-8000-000000000000', root.cookie)).status).toBe(404);
    const badId = await deactivate('not-a-uuid', root.cookie);
    expect(badId.status).toBe(400);
    expect(badId.json.errors[0].path).toBe('params.id');
    const badReason = await deactivate(lee.id, root.cookie, { reason: 'x'.repeat(501) });
    expect(badReason.status).toBe(400);
    expect(badReason.json.errors[0].path).toBe('reason');
    const unknownField = await deactivate(lee.id, root.cookie, { why: 'x' });
    expect(unknownField.status).toBe(400);
    const db = await getDb();
    const [row] = await db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, lee.id));
    expect(row.deactivatedAt).toBeNull();
    expect(await platformEvents('user.deactivated', lee.id)).toHaveLength(0);
    expect((await me({ cookie: lee.cookie })).status).toBe(200);
  });

  it('never deactivates the last active platform admin (the rule, and the server in a tenant of one)', () => {
    expect(mayDeactivateUser('a', { id: 'b', isPlatformAdmin: true, deactivated: false }, 1)).toMatchObject({
      allowed: false,
      status: 409,
    });
    expect(mayDeactivateUser('a', { id: 'b', isPlatformAdmin: true, deactivated: false }, 2)).toEqual({ allowed: true });
    expect(mayDeactivateUser('a', { id: 'a', isPlatformAdmin: true, deactivated: false }, 5)).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(mayDeactivateUser(null, { id: 'b', isPlatformAdmin: false, deactivated: false }, 0)).toEqual({ allowed: true });
  });

  it('lists accounts for platform admins with search and status', async () => {
    const lee = await person('listed');
    await deactivate(lee.id, root.cookie);
    const found = await listUsers(root.cookie, `q=${encodeURIComponent(lee.email)}`);
    expect(found.status).toBe(200);
    expect(found.json.data).toEqual([expect.objectContaining({ id: lee.id, status: 'deactivated', tenantCount: 0 })]);
    expect((await listUsers(root.cookie, `q=${encodeURIComponent(lee.email)}&status=active`)).json.data).toEqual([]);
    expect((await listUsers(root.cookie, `q=${encodeURIComponent(lee.email)}&status=deactivated`)).json.data).toHaveLength(1);
    const bad = await listUsers(root.cookie, 'status=gone');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.status');
    // Paging returns each account once.
    const first = await listUsers(root.cookie, 'limit=2');
    expect(first.json.data).toHaveLength(2);
    const second = await listUsers(root.cookie, `limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.data.map((u: { id: string }) => u.id)).not.toContain(first.json.data[1].id);
  });
});

describe('suspended members', () => {
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    a = await createTenantWithMembers();
    b = await createTenantWithMembers();
  });

  it('refuses every way into that tenant only, keeps roles and seat, and reactivation restores them', async () => {
    const lee = await person('susp');
    const membershipId = await join(a, lee.id, 'admin');
    await join(b, lee.id, 'viewer');
    const pair = await token(lee.email);
    const key = await createKey(a, lee.cookie);

    const res = await suspend(a.slug, membershipId, a.users.admin.cookie, { reason: 'On leave' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: membershipId, status: 'suspended', roles: [{ name: 'admin' }] });

    const ways: Array<Record<string, string>> = [
      { cookie: lee.cookie },
      { authorization: `Bearer ${pair.json.accessToken}` },
      { authorization: `Bearer ${key}` },
    ];
    for (const headers of ways) {
      const refused = await members(a, headers);
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('member_suspended');
    }
    const elsewhere = await call(batchesGET, {
      url: `http://localhost/api/v1/tenants/${b.slug}/batches`,
      params: { tenant: b.slug },
      cookie: lee.cookie,
    });
    expect(elsewhere.status).toBe(200);
    expect((await me({ cookie: lee.cookie })).status).toBe(200);

    // Admins see them, as suspended, with their roles.
    expect((await member(a, membershipId, a.users.admin.cookie)).json).toMatchObject({ status: 'suspended', roles: [{ name: 'admin' }] });
    const listed = await members(a, { cookie: a.users.admin.cookie }, '?status=suspended');
    expect(listed.json.data.map((m: { id: string }) => m.id)).toEqual([membershipId]);
    const active = await members(a, { cookie: a.users.admin.cookie }, '?status=active');
    expect(active.json.data.map((m: { id: string }) => m.id)).not.toContain(membershipId);
    const [event] = await tenantEvents(a.id, 'member.suspended', membershipId);
    expect(event).toMatchObject({ actorId: a.users.admin.id, reason: 'On leave' });
    expect(await mailsTo(lee.email, 'membershipSuspended')).toHaveLength(1);
    // Suspending again changes nothing.
    expect((await suspend(a.slug, membershipId, a.users.admin.cookie)).status).toBe(200);
    expect(await tenantEvents(a.id, 'member.suspended', membershipId)).toHaveLength(1);

    const back = await reactivateMember(a.slug, membershipId, a.users.admin.cookie);
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ status: 'active', roles: [{ name: 'admin' }] });
    expect(await tenantEvents(a.id, 'member.reactivated', membershipId)).toHaveLength(1);
    expect((await members(a, { cookie: lee.cookie })).status).toBe(200);
    expect((await members(a, { authorization: `Bearer ${key}` })).status).toBe(200);
  });

  it('allows members.remove within your power; never yourself; other tenants 404; bad input 400 with nothing written', async () => {
    const lee = await person('susp-matrix');
    const membershipId = await join(a, lee.id, 'viewer');
    for (const role of ['manager', 'qa', 'operator', 'viewer'] as const) {
      const refused = await suspend(a.slug, membershipId, a.users[role].cookie);
      expect(refused.status).toBe(403);
    }
    // Another tenant's admin, through their own tenant or this one: 404.
    expect((await suspend(b.slug, membershipId, b.users.admin.cookie)).status).toBe(404);
    expect((await suspend(a.slug, membershipId, b.users.admin.cookie)).status).toBe(404);
    const adminMembership = (await members(a, { cookie: a.users.admin.cookie }, `?q=${encodeURIComponent(a.users.admin.email)}`)).json
      .data[0].id as string;
    expect((await suspend(a.slug, adminMembership, a.users.admin.cookie)).status).toBe(403);
    const badId = await suspend(a.slug, 'nope', a.users.admin.cookie);
    expect(badId.status).toBe(400);
    expect(badId.json.errors[0].path).toBe('params.id');
    const badReason = await suspend(a.slug, membershipId, a.users.admin.cookie, { reason: 'x'.repeat(501) });
    expect(badReason.status).toBe(400);
    expect(badReason.json.errors[0].path).toBe('reason');
    expect((await membershipRow(a.id, membershipId)).status).toBe('active');
    expect(await tenantEvents(a.id, 'member.suspended', membershipId)).toHaveLength(0);
    // Reactivation: the same rules.
    expect((await suspend(a.slug, membershipId, a.users.admin.cookie)).status).toBe(200);
    expect((await reactivateMember(a.slug, membershipId, a.users.viewer.cookie)).status).toBe(403);
    expect((await reactivateMember(b.slug, membershipId, b.users.admin.cookie)).status).toBe(404);
    expect((await membershipRow(a.id, membershipId)).status).toBe('suspended');
  });

  it('keeps a suspended member on their teams, also when the team list is replaced', async () => {
    const lee = await person('susp-team');
    const membershipId = await join(a, lee.id, 'viewer');
    const base = `http://localhost/api/v1/tenants/${a.slug}/teams`;
    const team = await call(teamsPOST, {
      method: 'POST',
      url: base,
      params: { tenant: a.slug },
      cookie: a.users.admin.cookie,
      body: { name: `team-${unique()}` },
    });
    expect(team.status).toBe(201);
    const teamId = team.json.id as string;
    const setMembers = (ids: string[]) =>
      call(teamMembersPUT, {
        method: 'PUT',
        url: `${base}/${teamId}/members`,
        params: { tenant: a.slug, id: teamId },
        cookie: a.users.admin.cookie,
        body: { membershipIds: ids },
      });
    expect((await setMembers([membershipId])).status).toBe(200);
    expect((await suspend(a.slug, membershipId, a.users.admin.cookie)).status).toBe(200);
    const listed = await call(teamGET, { url: `${base}/${teamId}`, params: { tenant: a.slug, id: teamId }, cookie: a.users.admin.cookie });
    expect(listed.json.members.map((m: { membershipId: string }) => m.membershipId)).toEqual([membershipId]);
    expect((await setMembers([membershipId])).status).toBe(200);
    expect((await reactivateMember(a.slug, membershipId, a.users.admin.cookie)).json.teams).toEqual([
      expect.objectContaining({ id: teamId }),
    ]);
  });

  it('a member who cannot manage a suspended admin cannot reactivate them', async () => {
    const lee = await person('susp-admin');
    const membershipId = await join(a, lee.id, 'admin');
    expect((await suspend(a.slug, membershipId, a.users.admin.cookie)).status).toBe(200);
    // The manager may not hold what an admin holds: refused, the admin stays suspended.
    const refused = await reactivateMember(a.slug, membershipId, a.users.manager.cookie);
    expect(refused.status).toBe(403);
    expect((await membershipRow(a.id, membershipId)).status).toBe('suspended');
  });
});

describe('the dormant-member job', () => {
  it('decides by a pure rule: warn a week ahead, suspend at N days and never sooner than a week after the warning', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const day = (n: number) => new Date(t0.getTime() + n * DAY);
    expect(dormancyStep({ lastActiveAt: t0, warnedAt: null }, 30, day(22))).toEqual({ step: 'none' });
    expect(dormancyStep({ lastActiveAt: t0, warnedAt: null }, 30, day(23))).toEqual({ step: 'warn', suspendOn: day(30) });
    expect(dormancyStep({ lastActiveAt: t0, warnedAt: day(23) }, 30, day(29))).toEqual({ step: 'none' });
    expect(dormancyStep({ lastActiveAt: t0, warnedAt: day(23) }, 30, day(30))).toEqual({ step: 'suspend' });
    // Switched on late: warned first, suspended a week after the warning.
    expect(dormancyStep({ lastActiveAt: t0, warnedAt: null }, 30, day(100))).toEqual({ step: 'warn', suspendOn: day(107) });
    expect(dormancyStep({ lastActiveAt: t0, warnedAt: day(100) }, 30, day(106))).toEqual({ step: 'none' });
  });

  it('warns once at N-7 days, suspends at N (never the last full admin), dry runs change nothing, activity resets', async () => {
    const t = await createTenantWithMembers();
    const db = await getDb();
    await db
      .update(tenants)
      .set({ settings: sql`${tenants.settings} || '{"deactivateAfterDays": 30}'::jsonb` })
      .where(eq(tenants.id, t.id));
    const t0 = new Date();
    await withTenant(t.id, (tx) => tx.update(memberships).set({ lastActiveAt: t0 }).where(eq(memberships.tenantId, t.id)));
    const emails = (['admin', 'manager', 'qa', 'operator', 'viewer'] as const).map((r) => t.users[r].email);
    const mine = (list: Array<{ tenant: string; email: string }>) =>
      list
        .filter((m) => m.tenant === t.slug)
        .map((m) => m.email)
        .sort();
    const statuses = async () =>
      Object.fromEntries(
        (
          await withTenant(t.id, (tx) =>
            tx.select({ userId: memberships.userId, status: memberships.status }).from(memberships).where(eq(memberships.tenantId, t.id)),
          )
        ).map((r) => [r.userId, r.status]),
      );
    const counts = async () => ({
      audit: (await tenantEvents(t.id, 'member.suspended')).length + (await tenantEvents(t.id, 'member.dormancy_warned')).length,
      mail: (
        await db
          .select({ id: emailOutbox.id })
          .from(emailOutbox)
          .where(and(inArray(emailOutbox.to, emails), inArray(emailOutbox.template, ['dormancyWarning', 'membershipSuspended'])))
      ).length,
    });

    setClock({ at: new Date(t0.getTime() + 22 * DAY) });
    const early = await suspendDormantMembers();
    expect(mine(early.warned)).toEqual([]);
    expect(mine(early.suspended)).toEqual([]);

    setClock({ at: new Date(t0.getTime() + 23 * DAY + 60_000) });
    const dryWarn = await suspendDormantMembers({ dryRun: true });
    expect(mine(dryWarn.warned)).toEqual([...emails].sort());
    expect(await counts()).toEqual({ audit: 0, mail: 0 });
    const warned = await suspendDormantMembers();
    expect(mine(warned.warned)).toEqual([...emails].sort());
    expect(await counts()).toEqual({ audit: 5, mail: 5 });
    // Once: not again a day later.
    setClock({ at: new Date(t0.getTime() + 24 * DAY) });
    expect(mine((await suspendDormantMembers()).warned)).toEqual([]);

    // The viewer uses the tenant on day 29: the count restarts and the warning is cleared.
    setClock({ at: new Date(t0.getTime() + 29 * DAY) });
    const used = await call(batchesGET, {
      url: `http://localhost/api/v1/tenants/${t.slug}/batches`,
      params: { tenant: t.slug },
      cookie: t.users.viewer.cookie,
    });
    expect(used.status).toBe(200);
    const viewerRow = (await withTenant(t.id, (tx) => tx.select().from(memberships).where(eq(memberships.userId, t.users.viewer.id))))[0];
    expect(viewerRow.lastActiveAt?.toISOString()).toBe(new Date(t0.getTime() + 29 * DAY).toISOString());
    expect(viewerRow.dormancyWarnedAt).toBeNull();

    setClock({ at: new Date(t0.getTime() + 30 * DAY + 60_000) });
    const before = await counts();
    const dry = await suspendDormantMembers({ dryRun: true });
    const expected = [t.users.manager.email, t.users.qa.email, t.users.operator.email].sort();
    expect(mine(dry.suspended)).toEqual(expected);
    expect(Object.values(await statuses()).every((s) => s === 'active')).toBe(true);
    expect(await counts()).toEqual(before);

    const real = await suspendDormantMembers();
    expect(mine(real.suspended)).toEqual(expected);
    const after = await statuses();
    expect(after[t.users.admin.id]).toBe('active'); // the tenant's last full admin
    expect(after[t.users.viewer.id]).toBe('active'); // active on day 29
    for (const r of ['manager', 'qa', 'operator'] as const) expect(after[t.users[r].id]).toBe('suspended');
    const events = await tenantEvents(t.id, 'member.suspended');
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({ actorType: 'system', actorName: 'Dormant-member job' });
      expect(event.reason).toContain('30 days');
    }
    expect(await mailsTo(t.users.qa.email, 'membershipSuspended')).toHaveLength(1);
    const refused = await members(t, { cookie: t.users.manager.cookie });
    expect(refused.json.code).toBe('member_suspended');
    // A second run the next day changes nothing more.
    setClock({ at: new Date(t0.getTime() + 31 * DAY) });
    expect(mine((await suspendDormantMembers()).suspended)).toEqual([]);
  });
});

describe('cleanup of inactive accounts', () => {
  it('never deletes a member (any status), a deactivated account or a person of record', async () => {
    const db = await getDb();
    const t = await createTenantWithMembers();
    const old = new Date(Date.now() - 400 * DAY);
    const make = async (label: string) => {
      const p = await createUserWithSession(label);
      await db.update(users).set({ createdAt: old, lastSignInAt: old }).where(eq(users.id, p.id));
      return p;
    };
    const idle = await make('idle');
    const suspended = await make('idle-suspended');
    const removed = await make('idle-removed');
    const deactivated = await make('idle-deactivated');
    const ofRecord = await make('idle-of-record');
    const suspendedMembership = await join(t, suspended.id, 'viewer');
    await withTenant(t.id, (tx) => tx.update(memberships).set({ status: 'suspended' }).where(eq(memberships.id, suspendedMembership)));
    const removedMembership = await join(t, removed.id, 'viewer');
    await withTenant(t.id, (tx) => tx.update(memberships).set({ status: 'removed' }).where(eq(memberships.id, removedMembership)));
    await db.update(users).set({ deactivatedAt: old }).where(eq(users.id, deactivated.id));
    await db.insert(auditEvents).values({
      tenantId: null,
      actorType: 'user',
      actorId: ofRecord.id,
      actorName: 'Of Record',
      action: 'tenant.created',
      targetType: 'tenant',
      targetId: t.id,
    });
    const ours = [idle, suspended, removed, deactivated, ofRecord].map((u) => u.id);

    const dry = await cleanupInactiveUsers({ days: 300, dryRun: true });
    expect(dry.users.map((u) => u.id).filter((id) => ours.includes(id))).toEqual([idle.id]);
    const real = await cleanupInactiveUsers({ days: 300 });
    expect(real.users.map((u) => u.id).filter((id) => ours.includes(id))).toEqual([idle.id]);
    const left = (await db.select({ id: users.id }).from(users).where(inArray(users.id, ours))).map((r) => r.id).sort();
    expect(left).toEqual(ours.filter((id) => id !== idle.id).sort());
    // The database itself refuses to delete a person with a membership.
    await expect(db.delete(users).where(eq(users.id, removed.id))).rejects.toThrow();
  });
});
