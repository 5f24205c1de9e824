import { and, count, desc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as LIST, POST as INVITE } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { POST as BULK } from '@/app/api/v1/tenants/[tenant]/invitations/bulk/route';
import { DELETE as REVOKE } from '@/app/api/v1/tenants/[tenant]/invitations/[id]/route';
import { POST as RESEND } from '@/app/api/v1/tenants/[tenant]/invitations/[id]/resend/route';
import { GET as VIEW } from '@/app/api/v1/invitations/[token]/route';
import { POST as ACCEPT } from '@/app/api/v1/invitations/[token]/accept/route';
import { GET as GET_TENANT } from '@/app/api/v1/tenants/[tenant]/route';
import { GET as ME } from '@/app/api/v1/me/route';
import { DELETE as REMOVE_MEMBER } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { GET as CRON_EXPIRE } from '@/app/api/cron/expire-invitations/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, invitations, memberRoles, memberships, users } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { hashToken } from '@/lib/auth/one-time-token';
import { expireInvitations } from '@/lib/invitations/expire-invitations';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant, type TestUser } from '../support/fixtures';

// Invitations by email link (API.md "invitations", "Invitee"): invite with roles and teams within the
// seat limit, the link for new and existing people, single use under concurrency, resend, revoke, expiry.

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'lantern-orchid-harbour';

let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  acme = await createTenantWithMembers('team');
  other = await createTenantWithMembers('team');
});
afterEach(() => setClock());

const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}/invitations`;
const invite = (t: TestTenant, by: TestUser, body: unknown, tenantSlug = t.slug) =>
  call(INVITE, { method: 'POST', url: base(t), params: { tenant: tenantSlug }, cookie: by.cookie, body });
const list = (t: TestTenant, by: TestUser, query = '') =>
  call(LIST, { url: `${base(t)}${query}`, params: { tenant: t.slug }, cookie: by.cookie });
const view = (token: string) => call(VIEW, { url: `http://localhost/api/v1/invitations/${token}`, params: { token } });
const accept = (token: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  call(ACCEPT, { method: 'POST', url: `http://localhost/api/v1/invitations/${token}/accept`, params: { token }, ...options });
const email = (label = 'invitee') => `${label}-${unique()}@example.test`;

async function rowCount(tenantId: string) {
  return withTenant(tenantId, async (tx) => Number((await tx.select({ n: count() }).from(invitations))[0].n));
}

/** The token of the newest invitation mail to `to`. */
async function tokenFor(to: string): Promise<string> {
  const db = await getDb();
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, to), eq(emailOutbox.template, 'invitation')))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const match = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '');
  expect(match, mail?.text).not.toBeNull();
  return match![1];
}

async function auditActions(tenantId: string, targetId: string) {
  return withTenant(
    tenantId,
    async (tx) => await tx.select().from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(auditEvents.seq),
  );
}

describe('inviting', () => {
  it('invites with roles and teams (201), mails the link, stores only the token hash, audits without the token', async () => {
    const to = email();
    const res = await invite(acme, acme.users.admin, { email: to.toUpperCase(), roles: [acme.roleIds.qa] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: to, status: 'pending', roles: [{ id: acme.roleIds.qa, name: 'qa' }], teams: [], sentCount: 1 });
    expect(new Date(res.json.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * DAY);
    expect(new Date(res.json.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY);
    const token = await tokenFor(to);
    const [row] = await withTenant(acme.id, (tx) => tx.select().from(invitations).where(eq(invitations.id, res.json.id)));
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const events = await auditActions(acme.id, res.json.id);
    expect(events.map((e) => e.action)).toEqual(['invitation.created']);
    expect(events[0].after).toMatchObject({ email: to, roles: ['qa'], status: 'pending' });
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain(row.tokenHash);
  });

  it('is 403 without members.invite, and writes nothing', async () => {
    const before = await rowCount(acme.id);
    for (const role of ['operator', 'viewer', 'qa'] as const) {
      const res = await invite(acme, acme.users[role], { email: email(), roles: [acme.roleIds.viewer] });
      expect(res.status, role).toBe(403);
    }
    expect(await rowCount(acme.id)).toBe(before);
  });

  it('lets a manager invite only roles whose permissions they hold (no escalation)', async () => {
    const ok = await invite(acme, acme.users.manager, { email: email(), roles: [acme.roleIds.viewer] });
    expect(ok.status).toBe(201);
    const before = await rowCount(acme.id);
    for (const role of ['admin', 'operator', 'qa'] as const) {
      const res = await invite(acme, acme.users.manager, { email: email(), roles: [acme.roleIds[role]] });
      expect(res.status, role).toBe(403);
      expect(res.json.detail).toMatch(/cannot grant/);
    }
    expect(await rowCount(acme.id)).toBe(before);
  });

  it('lets an admin appoint QA people (release and approval) though admins do not hold those permissions', async () => {
    const res = await invite(acme, acme.users.admin, { email: email('qp'), roles: [acme.roleIds.qa] });
    expect(res.status).toBe(201);
  });

  it('is 400 naming each bad field, never 500, and writes nothing', async () => {
    const before = await rowCount(acme.id);
    const cases: Array<[unknown, string]> = [
      [{ email: 'not-an-email', roles: [acme.roleIds.viewer] }, 'email'],
      [{ email: email(), roles: [] }, 'roles'],
      [{ email: email(), roles: ['nope'] }, 'roles.0'],
      [{ email: email(), roles: [other.roleIds.viewer] }, 'roles.0'],
      [{ email: email(), roles: [acme.roleIds.viewer], teamIds: [crypto.randomUUID()] }, 'teamIds.0'],
      [{ email: email(), roles: [acme.roleIds.viewer], extra: 1 }, ''],
      [{ email: 42, roles: [acme.roleIds.viewer] }, 'email'],
      [{ email: `${'x'.repeat(250)}@example.test`, roles: [acme.roleIds.viewer] }, 'email'],
    ];
    for (const [body, path] of cases) {
      const res = await invite(acme, acme.users.admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      if (path)
        expect(
          res.json.errors.map((e: { path: string }) => e.path),
          JSON.stringify(res.json),
        ).toContain(path);
    }
    expect(await rowCount(acme.id)).toBe(before);
  });

  it("is 404 on another tenant's path, and for another tenant's invitation ids", async () => {
    const res = await invite(other, acme.users.admin, { email: email(), roles: [other.roleIds.viewer] });
    expect(res.status).toBe(404);
    const theirs = await invite(other, other.users.admin, { email: email(), roles: [other.roleIds.viewer] });
    expect(theirs.status).toBe(201);
    const params = { tenant: acme.slug, id: theirs.json.id };
    const revoke = await call(REVOKE, {
      method: 'DELETE',
      url: `${base(acme)}/${theirs.json.id}`,
      params,
      cookie: acme.users.admin.cookie,
    });
    expect(revoke.status).toBe(404);
    const resend = await call(RESEND, {
      method: 'POST',
      url: `${base(acme)}/${theirs.json.id}/resend`,
      params,
      cookie: acme.users.admin.cookie,
    });
    expect(resend.status).toBe(404);
    const [row] = await withTenant(other.id, (tx) => tx.select().from(invitations).where(eq(invitations.id, theirs.json.id)));
    expect(row.status).toBe('pending');
    expect(row.sentCount).toBe(1);
  });

  it('is 409 for someone already a member, and for an address already invited', async () => {
    const member = await invite(acme, acme.users.admin, { email: acme.users.viewer.email, roles: [acme.roleIds.viewer] });
    expect(member.status).toBe(409);
    expect(member.json.errors[0].path).toBe('email');
    const to = email();
    expect((await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] })).status).toBe(201);
    const again = await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('conflict');
  });

  it('lists with status filter, search and cursor, and the seats used of the plan', async () => {
    const t = await createTenantWithMembers('team');
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const to = email(`page${i}`);
      sent.push((await invite(t, t.users.admin, { email: to, roles: [t.roleIds.viewer] })).json.id);
    }
    await call(REVOKE, {
      method: 'DELETE',
      url: `${base(t)}/${sent[0]}`,
      params: { tenant: t.slug, id: sent[0] },
      cookie: t.users.admin.cookie,
    });
    const first = await list(t, t.users.admin, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(2);
    expect(first.json.seats).toEqual({ used: 5 + 4, limit: 25 });
    const ids: string[] = first.json.data.map((i: { id: string }) => i.id);
    let cursor = first.json.nextCursor;
    while (cursor) {
      const page = await list(t, t.users.admin, `?limit=2&cursor=${cursor}`);
      ids.push(...page.json.data.map((i: { id: string }) => i.id));
      cursor = page.json.nextCursor;
    }
    expect(ids).toEqual([...sent].reverse());
    const pending = await list(t, t.users.admin, '?status=pending');
    expect(pending.json.data).toHaveLength(4);
    const revoked = await list(t, t.users.admin, '?status=revoked');
    expect(revoked.json.data.map((i: { id: string }) => i.id)).toEqual([sent[0]]);
    const searched = await list(t, t.users.admin, '?q=page3');
    expect(searched.json.data).toHaveLength(1);
    const tenant = await call(GET_TENANT, {
      url: `http://localhost/api/v1/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
    });
    expect(tenant.json.seats).toEqual({ used: 9, limit: 25 });
    expect((await list(t, t.users.admin, '?status=open')).json.errors[0].path).toBe('query.status');
    expect((await list(t, t.users.admin, '?cursor=bogus')).json.errors[0].path).toBe('query.cursor');
    expect((await list(t, t.users.viewer)).status).toBe(403);
  });
});

describe('seat limits', () => {
  it('refuses an invitation over the plan (409 seat_limit_reached): seats = members + pending invitations', async () => {
    const t = await createTenantWithMembers('starter'); // 5 seats, 5 members
    const res = await invite(t, t.users.admin, { email: email(), roles: [t.roleIds.viewer] });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('seat_limit_reached');
    expect(await rowCount(t.id)).toBe(0);
  });

  it('ten parallel invitations for the last seat: exactly one succeeds', async () => {
    const t = await createTenantWithMembers('starter');
    const viewer = await withTenant(t.id, async (tx) => {
      const [m] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, t.users.viewer.id));
      return m.id;
    });
    const removed = await call(REMOVE_MEMBER, {
      method: 'DELETE',
      url: `http://localhost/api/v1/tenants/${t.slug}/members/${viewer}`,
      params: { tenant: t.slug, id: viewer },
      cookie: t.users.admin.cookie,
    });
    expect(removed.status).toBe(204);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => invite(t, t.users.admin, { email: email(`race${i}`), roles: [t.roleIds.viewer] })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.code === 'seat_limit_reached')).toBe(true);
    expect(await rowCount(t.id)).toBe(1);
    const seats = (await list(t, t.users.admin)).json.seats;
    expect(seats).toEqual({ used: 5, limit: 5 });
  });

  it('frees the seat of an expired or revoked invitation', async () => {
    const t = await createTenantWithMembers('starter');
    const viewer = await withTenant(
      t.id,
      async (tx) => (await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, t.users.viewer.id)))[0].id,
    );
    await call(REMOVE_MEMBER, {
      method: 'DELETE',
      url: 'http://localhost/x',
      params: { tenant: t.slug, id: viewer },
      cookie: t.users.admin.cookie,
    });
    const first = await invite(t, t.users.admin, { email: email(), roles: [t.roleIds.viewer] });
    expect(first.status).toBe(201);
    expect((await invite(t, t.users.admin, { email: email(), roles: [t.roleIds.viewer] })).json.code).toBe('seat_limit_reached');
    await call(REVOKE, {
      method: 'DELETE',
      url: 'http://localhost/x',
      params: { tenant: t.slug, id: first.json.id },
      cookie: t.users.admin.cookie,
    });
    const second = await invite(t, t.users.admin, { email: email(), roles: [t.roleIds.viewer] });
    expect(second.status).toBe(201);
    setClock({ advanceMs: 8 * DAY });
    expect((await invite(t, t.users.admin, { email: email(), roles: [t.roleIds.viewer] })).status).toBe(201);
  });
});

describe('the invitee', () => {
  it('sees the tenant, the inviter, the roles and the expiry; an unknown link is 404', async () => {
    const to = email();
    const created = await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer, acme.roleIds.operator] });
    const res = await view(await tokenFor(to));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      tenant: { slug: acme.slug, name: `Tenant ${acme.slug}` },
      email: to,
      roles: ['operator', 'viewer'],
      invitedBy: acme.users.admin.name,
      expiresAt: created.json.expiresAt,
      accountExists: false,
    });
    expect((await view('x'.repeat(43))).status).toBe(404);
    expect((await view('short')).status).toBe(400);
  });

  it('with no account: sets name and password → account created verified, member with the roles, can sign in; the link is then spent', async () => {
    const to = email('newcomer');
    await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.operator] });
    const token = await tokenFor(to);
    const res = await accept(token, { body: { name: 'New Comer', password: PASSWORD } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ tenant: { slug: acme.slug }, accountCreated: true });
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, to));
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const signedIn = await authenticate({ email: to, password: PASSWORD }, { requestId: 'test', ip: '127.0.0.2' });
    expect(signedIn.id).toBe(user.id);
    const roles = await withTenant(acme.id, (tx) =>
      tx.select().from(memberRoles).where(eq(memberRoles.membershipId, res.json.membershipId)),
    );
    expect(roles.map((r) => r.roleId)).toEqual([acme.roleIds.operator]);

    const again = await accept(token, { body: { name: 'New Comer', password: PASSWORD } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('invitation_used');
    expect((await view(token)).json.code).toBe('invitation_used');
    const trail = await withTenant(acme.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'invitation.accepted')));
    const mine = trail.find((e) => e.actorId === user.id)!;
    expect(mine.after).toMatchObject({ email: to, roles: ['operator'], accountCreated: true });
    expect(JSON.stringify(mine)).not.toContain(PASSWORD);
  });

  it('with a password that fails the policy: 400 naming password, nothing created', async () => {
    const to = email();
    await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    const token = await tokenFor(to);
    const res = await accept(token, { body: { name: 'Short', password: 'short' } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('password');
    const missing = await accept(token, { body: { name: 'Only name' } });
    expect(missing.status).toBe(400);
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, to))).toHaveLength(0);
    expect((await view(token)).status).toBe(200);
  });

  it('with an account: must sign in (401), may not create a second one (409), and accepts signed in', async () => {
    const person = await createUserWithSession('existing');
    const created = await invite(acme, acme.users.admin, { email: person.email, roles: [acme.roleIds.viewer] });
    expect(created.status).toBe(201);
    const token = await tokenFor(person.email);
    expect((await view(token)).json.accountExists).toBe(true);
    expect((await accept(token)).status).toBe(401);
    const dup = await accept(token, { body: { name: 'Impostor', password: PASSWORD } });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe('conflict');
    const ok = await accept(token, { cookie: person.cookie });
    expect(ok.status).toBe(200);
    expect(ok.json.accountCreated).toBe(false);
    const me = await call(ME, { url: 'http://localhost/api/v1/me', cookie: person.cookie });
    expect(me.json.memberships.map((m: { tenant: { slug: string } }) => m.tenant.slug)).toContain(acme.slug);
  });

  it('signed in as someone else: 403 saying which address the invitation is for', async () => {
    const to = email();
    await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    const token = await tokenFor(to);
    const res = await accept(token, { cookie: other.users.viewer.cookie });
    expect(res.status).toBe(403);
    expect(res.json.detail).toContain(to);
    expect(res.json.detail).toContain(other.users.viewer.email);
    expect((await view(token)).status).toBe(200);
  });

  it('a bad bearer token is 401, not an anonymous accept', async () => {
    const to = email();
    await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    const res = await accept(await tokenFor(to), {
      headers: { authorization: 'Bearer nonsense' },
      body: { name: 'X', password: PASSWORD },
    });
    expect(res.status).toBe(401);
  });

  it('joins a second tenant and keeps the first: a person belongs to several tenants', async () => {
    const person = acme.users.qa;
    await invite(other, other.users.admin, { email: person.email, roles: [other.roleIds.viewer] });
    const res = await accept(await tokenFor(person.email), { cookie: person.cookie });
    expect(res.status).toBe(200);
    const me = await call(ME, { url: 'http://localhost/api/v1/me', cookie: person.cookie });
    const slugs = me.json.memberships.map((m: { tenant: { slug: string } }) => m.tenant.slug);
    expect(slugs).toEqual(expect.arrayContaining([acme.slug, other.slug]));
  });

  it('a removed member who is invited again becomes active with the new roles only', async () => {
    const t = await createTenantWithMembers('team');
    const person = t.users.operator;
    const membershipId = await withTenant(
      t.id,
      async (tx) => (await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, person.id)))[0].id,
    );
    await call(REMOVE_MEMBER, {
      method: 'DELETE',
      url: 'http://localhost/x',
      params: { tenant: t.slug, id: membershipId },
      cookie: t.users.admin.cookie,
    });
    await invite(t, t.users.admin, { email: person.email, roles: [t.roleIds.viewer] });
    const res = await accept(await tokenFor(person.email), { cookie: person.cookie });
    expect(res.status).toBe(200);
    expect(res.json.membershipId).toBe(membershipId);
    const roles = await withTenant(t.id, (tx) => tx.select().from(memberRoles).where(eq(memberRoles.membershipId, membershipId)));
    expect(roles.map((r) => r.roleId)).toEqual([t.roleIds.viewer]);
  });

  it('two concurrent accepts: one wins, the other gets 409 invitation_used; one account, one membership', async () => {
    const to = email('race');
    await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    const token = await tokenFor(to);
    const [a, b] = await Promise.all([
      accept(token, { body: { name: 'Racer A', password: PASSWORD } }),
      accept(token, { body: { name: 'Racer B', password: PASSWORD } }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['invitation_used', 'conflict']).toContain(loser.json.code);
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, to))).toHaveLength(1);
  });
});

describe('expiry, revocation and resending', () => {
  it('after 7 days the link is 410 invitation_expired; the expiry job marks it expired and audits it once', async () => {
    const t = await createTenantWithMembers('team');
    const to = email();
    const created = await invite(t, t.users.admin, { email: to, roles: [t.roleIds.viewer] });
    const token = await tokenFor(to);
    setClock({ advanceMs: 7 * DAY + 1000 });
    const seen = await view(token);
    expect(seen.status).toBe(410);
    expect(seen.json.code).toBe('invitation_expired');
    expect(seen.json.detail).toContain(t.users.admin.name);
    expect((await accept(token, { body: { name: 'Late', password: PASSWORD } })).status).toBe(410);
    expect((await list(t, t.users.admin, '?status=expired')).json.data.map((i: { id: string }) => i.id)).toEqual([created.json.id]);
    const result = await expireInvitations();
    expect(result.expired).toBeGreaterThanOrEqual(1);
    const [row] = await withTenant(t.id, (tx) => tx.select().from(invitations).where(eq(invitations.id, created.json.id)));
    expect(row.status).toBe('expired');
    await expireInvitations();
    const events = (await auditActions(t.id, created.json.id)).map((e) => e.action);
    expect(events).toEqual(['invitation.created', 'invitation.expired']);
  });

  it('the cron route runs the expiry behind CRON_SECRET', async () => {
    const saved = process.env.CRON_SECRET;
    process.env.CRON_SECRET = 'a-cron-secret-of-some-length';
    resetEnv();
    try {
      const denied = await call(CRON_EXPIRE, { url: 'http://localhost/api/cron/expire-invitations' });
      expect(denied.status).toBe(401);
      const ok = await call(CRON_EXPIRE, {
        url: 'http://localhost/api/cron/expire-invitations',
        headers: { authorization: 'Bearer a-cron-secret-of-some-length' },
      });
      expect(ok.status).toBe(200);
      expect(ok.json).toHaveProperty('expired');
    } finally {
      if (saved === undefined) delete process.env.CRON_SECRET;
      else process.env.CRON_SECRET = saved;
      resetEnv();
    }
  });

  it('revoke: the link is 410 at once; revoking again is 409; audited', async () => {
    const to = email();
    const created = await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    const token = await tokenFor(to);
    const params = { tenant: acme.slug, id: created.json.id };
    expect((await call(REVOKE, { method: 'DELETE', url: 'http://localhost/x', params, cookie: acme.users.viewer.cookie })).status).toBe(
      403,
    );
    const res = await call(REVOKE, { method: 'DELETE', url: 'http://localhost/x', params, cookie: acme.users.admin.cookie });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('revoked');
    const seen = await view(token);
    expect(seen.status).toBe(410);
    expect(seen.json.detail).toMatch(/revoked/);
    expect((await accept(token, { body: { name: 'Too late', password: PASSWORD } })).status).toBe(410);
    expect((await call(REVOKE, { method: 'DELETE', url: 'http://localhost/x', params, cookie: acme.users.admin.cookie })).status).toBe(409);
    const bad = await call(REVOKE, {
      method: 'DELETE',
      url: 'http://localhost/x',
      params: { tenant: acme.slug, id: 'nope' },
      cookie: acme.users.admin.cookie,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.id');
    const events = (await auditActions(acme.id, created.json.id)).map((e) => e.action);
    expect(events).toEqual(['invitation.created', 'invitation.revoked']);
  });

  it('resend: a new link for 7 more days, the old link dead; an expired one can be renewed; accepted ones cannot', async () => {
    const to = email();
    const created = await invite(acme, acme.users.admin, { email: to, roles: [acme.roleIds.viewer] });
    const oldToken = await tokenFor(to);
    const params = { tenant: acme.slug, id: created.json.id };
    setClock({ advanceMs: 8 * DAY });
    const res = await call(RESEND, { method: 'POST', url: 'http://localhost/x', params, cookie: acme.users.admin.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'pending', sentCount: 2 });
    const newToken = await tokenFor(to);
    expect(newToken).not.toBe(oldToken);
    expect((await view(oldToken)).status).toBe(404);
    expect((await view(newToken)).status).toBe(200);
    expect((await accept(newToken, { body: { name: 'Renewed', password: PASSWORD } })).status).toBe(200);
    const again = await call(RESEND, { method: 'POST', url: 'http://localhost/x', params, cookie: acme.users.admin.cookie });
    expect(again.status).toBe(409);
    const events = (await auditActions(acme.id, created.json.id)).map((e) => e.action);
    expect(events).toEqual(['invitation.created', 'invitation.resent', 'invitation.accepted']);
  });
});

describe('resending to someone who joined since', () => {
  it('is 409 when the address became a member another way', async () => {
    const t = await createTenantWithMembers('team');
    const person = await createUserWithSession('joined-otherwise');
    const created = await invite(t, t.users.admin, { email: person.email, roles: [t.roleIds.viewer] });
    await withTenant(t.id, (tx) => tx.insert(memberships).values({ tenantId: t.id, userId: person.id }));
    const res = await call(RESEND, {
      method: 'POST',
      url: 'http://localhost/x',
      params: { tenant: t.slug, id: created.json.id },
      cookie: t.users.admin.cookie,
    });
    expect(res.status).toBe(409);
    expect(res.json.errors[0].path).toBe('email');
  });
});

describe('bulk invitations', () => {
  it('invites each address on its own and reports a result per row', async () => {
    const t = await createTenantWithMembers('team');
    const a = email('bulk-a');
    const b = email('bulk-b');
    const res = await call(BULK, {
      method: 'POST',
      url: `${base(t)}/bulk`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { emails: [a, 'not an address', b, a.toUpperCase(), t.users.viewer.email], roles: [t.roleIds.viewer] },
    });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code))).toEqual([
      'ok',
      'validation_failed',
      'ok',
      'duplicate',
      'conflict',
    ]);
    expect(res.json).toMatchObject({ invited: 2, failed: 3, seats: { used: 7, limit: 25 } });
    expect(await rowCount(t.id)).toBe(2);
  });

  it('stops at the seat limit row by row', async () => {
    const t = await createTenantWithMembers('starter');
    const viewer = await withTenant(
      t.id,
      async (tx) => (await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, t.users.viewer.id)))[0].id,
    );
    await call(REMOVE_MEMBER, {
      method: 'DELETE',
      url: 'http://localhost/x',
      params: { tenant: t.slug, id: viewer },
      cookie: t.users.admin.cookie,
    });
    const res = await call(BULK, {
      method: 'POST',
      url: `${base(t)}/bulk`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { emails: [email(), email(), email()], roles: [t.roleIds.viewer] },
    });
    expect(res.json.results.map((r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code))).toEqual([
      'ok',
      'seat_limit_reached',
      'seat_limit_reached',
    ]);
  });

  it('refuses more than 100 addresses, bad roles or escalation as a whole (400/403), writing nothing', async () => {
    const t = await createTenantWithMembers('enterprise');
    const post = (by: TestUser, body: unknown) =>
      call(BULK, { method: 'POST', url: `${base(t)}/bulk`, params: { tenant: t.slug }, cookie: by.cookie, body });
    const many = await post(t.users.admin, { emails: Array.from({ length: 101 }, () => email()), roles: [t.roleIds.viewer] });
    expect(many.status).toBe(400);
    expect(many.json.errors[0].path).toBe('emails');
    const badRole = await post(t.users.admin, { emails: [email()], roles: [other.roleIds.viewer] });
    expect(badRole.status).toBe(400);
    expect(badRole.json.errors[0].path).toBe('roles.0');
    const escalation = await post(t.users.manager, { emails: [email()], roles: [t.roleIds.admin] });
    expect(escalation.status).toBe(403);
    expect((await post(t.users.viewer, { emails: [email()], roles: [t.roleIds.viewer] })).status).toBe(403);
    expect(await rowCount(t.id)).toBe(0);
  });
});
