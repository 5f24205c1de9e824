import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as REVOKE } from '@/app/api/v1/tenants/[tenant]/invitations/[id]/route';
import { POST as INVITE } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { GET as ME } from '@/app/api/v1/me/route';
import { getDb } from '@/db/client';
import { invitations, users } from '@/db/schema';
import { setClock } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser } from '../support/fixtures';

/**
 * GET /api/v1/me lists the invitations addressed to the person that can still be accepted, across tenants: pending and
 * not expired, for a verified email only, never someone else's; the runtime role reads them through the invitee_read
 * policy and nothing more.
 */

const DAY = 24 * 60 * 60 * 1000;
let acme: TestTenant;
let globex: TestTenant;
beforeAll(async () => {
  acme = await createTenantWithMembers('team');
  globex = await createTenantWithMembers('team');
});
afterEach(() => setClock());

const invite = (t: TestTenant, by: TestUser, body: unknown) =>
  call(INVITE, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${t.slug}/invitations`,
    params: { tenant: t.slug },
    cookie: by.cookie,
    body,
  });
const me = (user: TestUser) => call(ME, { url: 'http://localhost/api/v1/me', cookie: user.cookie });

describe('GET /api/v1/me pendingInvitations', () => {
  it('lists open invitations to the verified email across tenants with tenant, roles, inviter and expiry; not others’', async () => {
    const person = await createUserWithSession('invitee');
    const bystander = await createUserWithSession('bystander');
    expect((await me(person)).json.pendingInvitations).toEqual([]);

    const a = await invite(acme, acme.users.admin, { email: person.email.toUpperCase(), roles: ['viewer', 'operator'] });
    expect(a.status).toBe(201);
    const g = await invite(globex, globex.users.manager, { email: person.email, roles: ['viewer'] });
    expect(g.status).toBe(201);
    await invite(acme, acme.users.admin, { email: bystander.email, roles: ['viewer'] });

    const res = await me(person);
    expect(res.status).toBe(200);
    const list = res.json.pendingInvitations;
    expect(list).toHaveLength(2);
    expect(list).toEqual(
      expect.arrayContaining([
        {
          id: a.json.id,
          tenant: { slug: acme.slug, name: `Tenant ${acme.slug}` },
          roles: ['operator', 'viewer'],
          invitedBy: acme.users.admin.name,
          expiresAt: a.json.expiresAt,
        },
        {
          id: g.json.id,
          tenant: { slug: globex.slug, name: `Tenant ${globex.slug}` },
          roles: ['viewer'],
          invitedBy: globex.users.manager.name,
          expiresAt: g.json.expiresAt,
        },
      ]),
    );
    // Nothing secret: no token or hash in the answer.
    expect(JSON.stringify(res.json)).not.toMatch(/token/i);
    // The bystander sees only their own.
    expect((await me(bystander)).json.pendingInvitations.map((i: { id: string }) => i.id)).not.toContain(a.json.id);
  });

  it('leaves out revoked, accepted and expired invitations (expiry by the clock, before the job runs)', async () => {
    const person = await createUserWithSession('invitee-states');
    const kept = await invite(acme, acme.users.admin, { email: person.email, roles: ['viewer'] });
    const revoked = await invite(globex, globex.users.admin, { email: person.email, roles: ['viewer'] });
    expect(
      (
        await call(REVOKE, {
          method: 'DELETE',
          url: `http://localhost/api/v1/tenants/${globex.slug}/invitations/${revoked.json.id}`,
          params: { tenant: globex.slug, id: revoked.json.id },
          cookie: globex.users.admin.cookie,
        })
      ).status,
    ).toBe(200);
    const third = await createTenantWithMembers('team');
    const accepted = await invite(third, third.users.admin, { email: person.email, roles: ['viewer'] });
    await withTenant(third.id, (tx) => tx.update(invitations).set({ status: 'accepted' }).where(eq(invitations.id, accepted.json.id)));
    expect((await me(person)).json.pendingInvitations.map((i: { id: string }) => i.id)).toEqual([kept.json.id]);

    setClock({ at: new Date(Date.parse(kept.json.expiresAt) + DAY) });
    expect((await me(person)).json.pendingInvitations).toEqual([]);
  });

  it('an account whose email is not verified sees none', async () => {
    const person = await createUserWithSession('invitee-unverified');
    await invite(acme, acme.users.admin, { email: person.email, roles: ['viewer'] });
    const db = await getDb();
    await db.update(users).set({ emailVerified: null }).where(eq(users.id, person.id));
    expect((await me(person)).json.pendingInvitations).toEqual([]);
  });

  it('the runtime role reads another tenant’s invitations only for the email it names, and may not change them that way', async () => {
    const person = await createUserWithSession('invitee-rls');
    const mine = await invite(acme, acme.users.admin, { email: person.email, roles: ['viewer'] });
    const others = await invite(acme, acme.users.admin, { email: `someone-${person.email}`, roles: ['viewer'] });
    const seen = await withTenant(null, async (tx) => {
      const none = await tx.select({ id: invitations.id }).from(invitations).where(eq(invitations.tenantId, acme.id));
      await tx.execute(sql`select set_config('app.invitee_email', ${person.email}, true)`);
      const named = await tx.select({ id: invitations.id }).from(invitations).where(eq(invitations.tenantId, acme.id));
      const updated = await tx
        .update(invitations)
        .set({ status: 'revoked' })
        .where(and(eq(invitations.id, mine.json.id)))
        .returning({ id: invitations.id });
      return { none, named, updated };
    });
    expect(seen.none).toEqual([]);
    expect(seen.named.map((r) => r.id)).toEqual([mine.json.id]);
    expect(seen.named.map((r) => r.id)).not.toContain(others.json.id);
    expect(seen.updated).toEqual([]);
  });

  it('is 401 signed out', async () => {
    const res = await call(ME, { url: 'http://localhost/api/v1/me' });
    expect(res.status).toBe(401);
  });
});
