import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listSites } from '@/app/api/v1/tenants/[tenant]/sites/route';
import { getDb } from '@/db/client';
import {
  auditEvents,
  memberRoles,
  memberships,
  sessions,
  ssoConnections,
  ssoIdentities,
  teamMembers,
  teams,
  tenantDomains,
  tenants,
  users,
} from '@/db/schema';
import { resolveSessionActor } from '@/lib/auth/session';
import { finishSsoSignIn } from '@/lib/sso/finish-sso-sign-in';
import type { SsoAssertion } from '@/lib/sso/types';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { signInWithSecondFactor } from '@/lib/auth/sign-in-with-second-factor';
import { enrolTotpFor, totpCode } from '../support/mfa';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

/**
 * finishSsoSignIn, the end of every SSO sign-in, on the real database: who the IdP's answer is (identity, linking,
 * new account), the membership made just in time within the plan's seats, the IdP groups' teams, the refusals, the
 * audit, and the session it signs in with (cookie, auth method, second factor).
 */

let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
}, 60_000);

type Connection = { id: string; tenant: TestTenant };

async function addConnection(
  t: TestTenant,
  options: { jit?: boolean; enabled?: boolean; roles?: string[]; mappings?: { group: string; teamId: string }[] } = {},
): Promise<Connection> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .insert(ssoConnections)
      .values({
        tenantId: t.id,
        type: 'oidc',
        name: `IdP ${unique()}`,
        enabled: options.enabled ?? true,
        jitProvisioning: options.jit ?? true,
        defaultRoleIds: options.roles ?? [t.roleIds.viewer],
        groupTeamMappings: options.mappings ?? [],
        config: { issuer: 'https://idp.example', clientId: 'custos' },
        secretCiphertext: null,
      })
      .returning({ id: ssoConnections.id }),
  );
  return { id: row.id, tenant: t };
}

async function addTeam(t: TestTenant, name = 'Team'): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .insert(teams)
      .values({ tenantId: t.id, name: `${name} ${unique()}` })
      .returning({ id: teams.id }),
  );
  return row.id;
}

const newEmail = (domain = 'corp.example') => `p-${unique()}@${domain}`;

function assertion(c: Connection, extra: Partial<SsoAssertion> = {}): SsoAssertion {
  return {
    tenantId: c.tenant.id,
    connectionId: c.id,
    subject: `sub-${unique()}`,
    email: newEmail(),
    emailVerified: true,
    name: 'Pat Example',
    groups: [],
    secondFactor: false,
    ...extra,
  };
}

const request = (requestId = `sso-${unique()}`) =>
  new Request('http://localhost/sso/x/y/oidc/callback', { headers: { 'x-request-id': requestId, 'user-agent': 'vitest' } });

/** The Cookie header a browser would send back from the response's Set-Cookie. */
function cookieFrom(res: Response): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  return set ? set.split(';')[0] : null;
}

async function signIn(a: SsoAssertion, returnTo?: string) {
  const requestId = `sso-${unique()}`;
  const res = await finishSsoSignIn(a, request(requestId), returnTo);
  return { res, location: res.headers.get('location'), cookie: cookieFrom(res), requestId };
}

const userByEmail = async (email: string) => {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row ?? null;
};
const membershipOf = (t: TestTenant, userId: string) =>
  withTenant(t.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, userId)));
    return row ?? null;
  });
const rolesOf = (t: TestTenant, membershipId: string) =>
  withTenant(t.id, async (tx) =>
    (await tx.select({ roleId: memberRoles.roleId }).from(memberRoles).where(eq(memberRoles.membershipId, membershipId))).map(
      (r) => r.roleId,
    ),
  );
const teamsOf = (t: TestTenant, membershipId: string) =>
  withTenant(t.id, async (tx) =>
    (await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.membershipId, membershipId)))
      .map((r) => r.teamId)
      .sort(),
  );
const auditOf = (t: TestTenant, requestId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.requestId, requestId))),
  );
const sessionsOf = async (userId: string) => {
  const db = await getDb();
  return db.select().from(sessions).where(eq(sessions.userId, userId));
};
const identitiesOf = (t: TestTenant, connectionId: string) =>
  withTenant(t.id, (tx) => tx.select().from(ssoIdentities).where(eq(ssoIdentities.connectionId, connectionId)));

describe('finishSsoSignIn: a newcomer', () => {
  it('creates the account and the membership just in time with the default roles, signs in with an sso session, audits', async () => {
    const c = await addConnection(acme, { roles: [acme.roleIds.viewer, acme.roleIds.operator] });
    const a = assertion(c, { email: `  ${newEmail().toUpperCase()} ` });
    const { res, location, cookie, requestId } = await signIn(a);
    expect(res.status).toBe(303);
    expect(location).toBe(`/t/${acme.slug}`);
    expect(cookie).toBeTruthy();
    expect(res.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);

    const user = await userByEmail(a.email.trim());
    expect(user).toMatchObject({ email: a.email.trim().toLowerCase(), name: 'Pat Example', passwordHash: null });
    expect(user.emailVerified).toBeInstanceOf(Date);
    const membership = await membershipOf(acme, user.id);
    expect(membership).toMatchObject({ status: 'active', provisionedBy: 'sso' });
    expect((await rolesOf(acme, membership.id)).sort()).toEqual([acme.roleIds.viewer, acme.roleIds.operator].sort());
    expect(await identitiesOf(acme, c.id)).toEqual([expect.objectContaining({ subject: a.subject, userId: user.id })]);

    const [session] = await sessionsOf(user.id);
    expect(session).toMatchObject({ authMethod: 'sso', ssoConnectionId: c.id, mfaVerifiedAt: null, kind: 'browser' });
    // The cookie is a real console session.
    const actor = await resolveSessionActor(new Request('http://localhost/', { headers: { cookie: cookie! } }));
    expect(actor).toMatchObject({ type: 'user', id: user.id, sessionId: session.id, authMethod: 'sso' });
    const tenantRes = await call(listSites, {
      url: `http://localhost/api/v1/tenants/${acme.slug}`,
      params: { tenant: acme.slug },
      cookie: cookie!,
    });
    expect(tenantRes.status, JSON.stringify(tenantRes.json)).toBe(200);

    const events = await auditOf(acme, requestId);
    const provisioned = events.find((e) => e.action === 'member.provisioned');
    expect(provisioned).toMatchObject({ actorType: 'system', targetId: membership.id, after: { via: 'sso', connectionId: c.id } });
    expect((provisioned!.after as { roles: string[] }).roles.sort()).toEqual(['operator', 'viewer']);
    const signedIn = events.find((e) => e.action === 'sso.signed_in');
    expect(signedIn).toMatchObject({
      actorType: 'user',
      actorId: user.id,
      after: { connectionId: c.id, provisioned: true, accountCreated: true },
    });
  });

  it('goes to a same-origin returnTo, never to another site', async () => {
    const c = await addConnection(acme);
    expect((await signIn(assertion(c), `/t/${acme.slug}/batches?x=1`)).location).toBe(`/t/${acme.slug}/batches?x=1`);
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      expect((await signIn(assertion(c), evil)).location).toBe(`/t/${acme.slug}`);
    }
  });

  it('signs the same IdP subject in as the same person next time, without a second membership', async () => {
    const c = await addConnection(acme);
    const a = assertion(c);
    await signIn(a);
    const user = await userByEmail(a.email);
    const again = await signIn({ ...a, email: newEmail(), name: 'Renamed' });
    expect(again.location).toBe(`/t/${acme.slug}`);
    expect(await userByEmail(a.email)).toMatchObject({ id: user.id });
    expect(await sessionsOf(user.id)).toHaveLength(2);
    const events = await auditOf(acme, again.requestId);
    expect(events.map((e) => e.action)).toEqual(['sso.signed_in']);
  });

  it('refuses when the plan has no seat left: the refusal page, nothing written, the refusal audited', async () => {
    const small = await createTenantWithMembers('starter'); // 5 seats, 5 members
    const c = await addConnection(small);
    const a = assertion(c);
    const { res, location, cookie, requestId } = await signIn(a);
    expect(res.status).toBe(303);
    expect(location).toBe('/sso/refused?reason=seats_full');
    expect(cookie).toBeNull();
    expect(await userByEmail(a.email)).toBeNull();
    expect(await identitiesOf(small, c.id)).toEqual([]);
    const events = await auditOf(small, requestId);
    expect(events).toEqual([
      expect.objectContaining({ action: 'sso.sign_in_failed', after: expect.objectContaining({ reason: 'seats_full' }) }),
    ]);
    // A seat freed: the same person gets in.
    const db = await getDb();
    await db.update(tenants).set({ planId: 'team' }).where(eq(tenants.id, small.id));
    expect((await signIn(a)).location).toBe(`/t/${small.slug}`);
  });

  it('refuses a newcomer when the connection does not provision just in time', async () => {
    const c = await addConnection(acme, { jit: false });
    const a = assertion(c);
    expect((await signIn(a)).location).toBe('/sso/refused?reason=not_provisioned');
    expect(await userByEmail(a.email)).toBeNull();
  });

  it('refuses through a disabled connection, and an answer without an email', async () => {
    const disabled = await addConnection(acme, { enabled: false });
    expect((await signIn(assertion(disabled))).location).toBe('/sso/refused?reason=connection_unavailable');
    const c = await addConnection(acme);
    expect((await signIn(assertion(c, { email: 'not an email' }))).location).toBe('/sso/refused?reason=email_missing');
  });
});

describe('finishSsoSignIn: existing accounts and members', () => {
  it('links an existing member with a verified email, keeping their roles (no provisioning)', async () => {
    const c = await addConnection(acme);
    const member = acme.users.manager;
    const { location, requestId } = await signIn(assertion(c, { email: member.email.toUpperCase() }));
    expect(location).toBe(`/t/${acme.slug}`);
    const membership = await membershipOf(acme, member.id);
    expect(membership).toMatchObject({ status: 'active', provisionedBy: null });
    expect(await rolesOf(acme, membership.id)).toEqual([acme.roleIds.manager]);
    expect((await identitiesOf(acme, c.id))[0]).toMatchObject({ userId: member.id });
    const events = await auditOf(acme, requestId);
    expect(events.map((e) => e.action)).toEqual(['sso.signed_in']);
    expect(events[0].after).toMatchObject({ accountLinked: true, provisioned: false });
  });

  it('never links an account the IdP does not vouch for, nor one outside the tenant and its verified domains', async () => {
    const outsider = await createTenantWithMembers();
    const stranger = outsider.users.viewer; // an account that is not a member of acme
    const c = await addConnection(acme);
    // A member's address, but the IdP does not say it verified it.
    expect((await signIn(assertion(c, { email: acme.users.qa.email, emailVerified: false }))).location).toBe(
      '/sso/refused?reason=account_not_linked',
    );
    // Verified by the IdP, but neither a member nor a domain the tenant proved.
    expect((await signIn(assertion(c, { email: stranger.email }))).location).toBe('/sso/refused?reason=account_not_linked');
    expect(await identitiesOf(acme, c.id)).toEqual([]);
    expect(await membershipOf(acme, stranger.id)).toBeNull();

    // On a domain the tenant has proved, an account the IdP vouches for links and the person is provisioned.
    const ownDomainTenant = await createTenantWithMembers();
    const [proved] = await withTenant(ownDomainTenant.id, (tx) =>
      tx
        .insert(tenantDomains)
        .values({
          tenantId: ownDomainTenant.id,
          domain: `d-${unique()}.example`,
          verificationToken: unique(),
          verifiedAt: new Date(),
          verifiedMethod: 'platform',
        })
        .returning({ domain: tenantDomains.domain }),
    );
    const c2 = await addConnection(ownDomainTenant);
    // An account on the proved domain that is not yet a member: linked (IdP vouches) and provisioned.
    const email = `someone-${unique()}@${proved.domain}`;
    const db = await getDb();
    const [existing] = await db.insert(users).values({ email, name: 'Someone', emailVerified: new Date() }).returning({ id: users.id });
    expect((await signIn(assertion(c2, { email }))).location).toBe(`/t/${ownDomainTenant.slug}`);
    expect(await membershipOf(ownDomainTenant, existing.id)).toMatchObject({ status: 'active', provisionedBy: 'sso' });
    // Unverified by the IdP on the same domain: refused.
    const email2 = `other-${unique()}@${proved.domain}`;
    await db.insert(users).values({ email: email2, name: 'Other', emailVerified: new Date() });
    expect((await signIn(assertion(c2, { email: email2, emailVerified: false }))).location).toBe('/sso/refused?reason=account_not_linked');
  });

  it('refuses a suspended member and a deactivated account, writing no session', async () => {
    const t = await createTenantWithMembers();
    const c = await addConnection(t);
    const suspended = t.users.operator;
    await withTenant(t.id, (tx) =>
      tx
        .update(memberships)
        .set({ status: 'suspended', suspendedAt: new Date() })
        .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, suspended.id))),
    );
    const before = (await sessionsOf(suspended.id)).length;
    expect((await signIn(assertion(c, { email: suspended.email }))).location).toBe('/sso/refused?reason=member_suspended');
    expect(await sessionsOf(suspended.id)).toHaveLength(before);
    expect(await identitiesOf(t, c.id)).toEqual([]);

    const deactivated = t.users.qa;
    const db = await getDb();
    await db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, deactivated.id));
    expect((await signIn(assertion(c, { email: deactivated.email }))).location).toBe('/sso/refused?reason=account_deactivated');
    expect(await sessionsOf(deactivated.id)).toHaveLength(before);
  });

  it('brings a removed member back like a newcomer: the default roles, no old roles or teams', async () => {
    const t = await createTenantWithMembers();
    const c = await addConnection(t, { roles: [t.roleIds.viewer] });
    const removed = t.users.manager;
    const membership = await membershipOf(t, removed.id);
    // Signed in through the IdP while a member (linked), then removed by an admin.
    const a = assertion(c, { email: removed.email });
    expect((await signIn(a)).location).toBe(`/t/${t.slug}`);
    await withTenant(t.id, (tx) => tx.update(memberships).set({ status: 'removed' }).where(eq(memberships.id, membership.id)));
    // A removed member is no member: an unlinked account of theirs is not linked on the address alone.
    expect((await signIn(assertion(c, { email: removed.email }))).location).toBe('/sso/refused?reason=account_not_linked');
    // The IdP subject already linked comes back like a newcomer.
    expect((await signIn(a)).location).toBe(`/t/${t.slug}`);
    expect(await membershipOf(t, removed.id)).toMatchObject({ id: membership.id, status: 'active', provisionedBy: 'sso' });
    expect(await rolesOf(t, membership.id)).toEqual([t.roleIds.viewer]);
  });
});

describe('finishSsoSignIn: groups and teams', () => {
  it('adds the mapped teams of the groups listed, removes mapped teams no longer listed, never touches unmapped teams', async () => {
    const t = await createTenantWithMembers();
    const [berlin, munich, manual] = [await addTeam(t, 'Berlin'), await addTeam(t, 'Munich'), await addTeam(t, 'Manual')];
    const c = await addConnection(t, {
      mappings: [
        { group: 'qa-berlin', teamId: berlin },
        { group: 'qa-munich', teamId: munich },
      ],
    });
    const a = assertion(c, { groups: ['qa-berlin', 'unmapped-group'] });
    const first = await signIn(a);
    expect(first.location).toBe(`/t/${t.slug}`);
    const user = await userByEmail(a.email);
    const membership = await membershipOf(t, user.id);
    expect(await teamsOf(t, membership.id)).toEqual([berlin]);

    // An admin puts the person in an unmapped team; the IdP now lists only Munich's group.
    await withTenant(t.id, (tx) => tx.insert(teamMembers).values({ tenantId: t.id, teamId: manual, membershipId: membership.id }));
    const second = await signIn({ ...a, groups: ['qa-munich'] });
    expect(await teamsOf(t, membership.id)).toEqual([munich, manual].sort());
    const events = await auditOf(t, second.requestId);
    expect(events.find((e) => e.action === 'sso.signed_in')!.after).toMatchObject({
      teamsAdded: [expect.stringMatching(/^Munich/)],
      teamsRemoved: [expect.stringMatching(/^Berlin/)],
    });

    // No groups at all: out of every mapped team, still in the unmapped one.
    await signIn({ ...a, groups: [] });
    expect(await teamsOf(t, membership.id)).toEqual([manual]);
  });
});

describe('finishSsoSignIn: second factors', () => {
  it("marks the session's second factor when the IdP asserted one, which satisfies a tenant requiring a factor", async () => {
    const t = await createTenantWithMembers();
    const db = await getDb();
    await db
      .update(tenants)
      .set({ settings: sql`${tenants.settings} || '{"mfaRequired":"everyone"}'::jsonb` })
      .where(eq(tenants.id, t.id));
    const c = await addConnection(t);

    const withMfa = await signIn(assertion(c, { secondFactor: true }));
    expect(withMfa.location).toBe(`/t/${t.slug}`);
    const actor = await resolveSessionActor(new Request('http://localhost/', { headers: { cookie: withMfa.cookie! } }));
    expect(actor).toMatchObject({ authMethod: 'sso', hasSecondFactor: false });
    expect((actor as { mfaVerifiedAt: Date }).mfaVerifiedAt).toBeInstanceOf(Date);
    const url = `http://localhost/api/v1/tenants/${t.slug}/sites`;
    expect((await call(listSites, { url, params: { tenant: t.slug }, cookie: withMfa.cookie! })).status).toBe(200);

    // Without the IdP's second factor, the tenant's policy applies as usual: enrol first.
    const without = await signIn(assertion(c, { secondFactor: false }));
    const refused = await call(listSites, { url, params: { tenant: t.slug }, cookie: without.cookie! });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_enrolment_required');
  });

  it('asks a person with a second factor of their own for it when the IdP asserted none (no session yet)', async () => {
    const t = await createTenantWithMembers();
    const c = await addConnection(t);
    const person = t.users.viewer;
    const { secret } = await enrolTotpFor(person);
    const before = (await sessionsOf(person.id)).length;
    const { location, cookie, res } = await signIn(assertion(c, { email: person.email }));
    expect(location).toBe('/sign-in/verify');
    expect(cookie).toBeNull();
    const pending = res.headers.getSetCookie().find((v) => v.startsWith('custos-mfa=cmf_'));
    expect(pending).toBeDefined();
    expect(await sessionsOf(person.id)).toHaveLength(before);
    // The code completes an SSO sign-in through this connection, not a password one (SSO required counts it).
    const mfaToken = decodeURIComponent(pending!.split(';')[0].slice('custos-mfa='.length));
    const { sessionId } = await signInWithSecondFactor(
      { mfaToken, code: totpCode(secret, 1) },
      { requestId: 'test-sso', ip: '127.0.0.1', userAgent: 'vitest' },
    );
    const [completed] = (await sessionsOf(person.id)).filter((row) => row.id === sessionId);
    expect(completed).toMatchObject({ authMethod: 'sso', ssoConnectionId: c.id, kind: 'browser' });
    expect(completed.mfaVerifiedAt).toBeInstanceOf(Date);
    // With the IdP's second factor the person is signed in at once.
    const direct = await signIn(assertion(c, { email: person.email, secondFactor: true, subject: `sub-${unique()}` }));
    expect(direct.location).toBe(`/t/${t.slug}`);
  });
});
