import { and, eq, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { DELETE as wipeOutDELETE } from '@/app/api/v1/admin/tenants/[tenant]/route';
import { GET as adminTenantsGET } from '@/app/api/v1/admin/tenants/route';
import { POST as tokenMfaPOST } from '@/app/api/v1/auth/token/mfa/route';
import { POST as tokenPOST } from '@/app/api/v1/auth/token/route';
import { POST as totpConfirmPOST } from '@/app/api/v1/me/mfa/totp/confirm/route';
import { POST as totpPOST } from '@/app/api/v1/me/mfa/totp/route';
import { POST as verifyPOST } from '@/app/api/v1/me/mfa/verify/route';
import { POST as apiKeysPOST } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import { PUT as overridesPUT } from '@/app/api/v1/tenants/[tenant]/members/[id]/overrides/route';
import { PATCH as memberPATCH } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { GET as membersGET } from '@/app/api/v1/tenants/[tenant]/members/route';
import { PATCH as rolePATCH } from '@/app/api/v1/tenants/[tenant]/roles/[id]/route';
import { POST as rolesPOST } from '@/app/api/v1/tenants/[tenant]/roles/route';
import { GET as sitesGET } from '@/app/api/v1/tenants/[tenant]/sites/route';
import { getDb } from '@/db/client';
import { auditEvents, memberships, sessions, signInChallenges, tenants, type TenantSettings } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { issueSignInChallenge } from '@/lib/auth/sign-in-challenge';
import { tenantRequiresSecondFactor } from '@/lib/auth/mfa-policy';
import { now, setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant, type TestUser } from '../support/fixtures';

// Signing in with a second factor on the API (POST /api/v1/auth/token → 401 mfa_required + mfaToken, then
// POST /api/v1/auth/token/mfa), step-up before sensitive operations (403 mfa_required until POST /api/v1/me/mfa/verify),
// and the tenant's MFA policy gate (403 mfa_enrolment_required). Codes are computed by otpauth from the key the API hands out.

afterEach(() => setClock());

const PASSWORD = 'correct horse battery staple';
const AUTH = 'http://localhost/api/v1/auth';
const ME_MFA = 'http://localhost/api/v1/me/mfa';
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

function codeFor(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now().getTime() + stepsAhead * 30_000 });
}

/** A fresh TOTP step, so a code exists that has not been accepted before (no replay of a step). */
const nextStep = () => setClock({ advanceMs: 30_000 });

/** Enrol an authenticator app through the API with a session cookie; returns the key and the recovery codes. */
async function enrolTotp(cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await call(totpPOST, { method: 'POST', url: `${ME_MFA}/totp`, cookie });
  expect(started.status).toBe(200);
  const confirmed = await call(totpConfirmPOST, {
    method: 'POST',
    url: `${ME_MFA}/totp/confirm`,
    cookie,
    body: { code: codeFor(started.json.secret) },
  });
  expect(confirmed.status).toBe(200);
  nextStep();
  return { secret: started.json.secret, recoveryCodes: confirmed.json.recoveryCodes };
}

/** A verified person with a password, and (through a cookie session) an authenticator app. */
async function personWithTotp() {
  const db = await getDb();
  const email = `mfa-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: 'Mia Factor', password: PASSWORD, verified: true });
  const session = await createUserSessionCookie(user.id);
  const totp = await enrolTotp(session.cookie);
  return { ...user, email, ...totp };
}

async function createUserSessionCookie(userId: string) {
  const db = await getDb();
  const session = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { sessionId: session.id, cookie: `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId })}` };
}

const token = (body: unknown, from = ip()) =>
  call(tokenPOST, { method: 'POST', url: `${AUTH}/token`, body, headers: { 'x-forwarded-for': from } });
const tokenMfa = (body: unknown, from = ip()) =>
  call(tokenMfaPOST, { method: 'POST', url: `${AUTH}/token/mfa`, body, headers: { 'x-forwarded-for': from } });

async function mfaTokenFor(email: string): Promise<string> {
  const res = await token({ email, password: PASSWORD });
  expect(res.status).toBe(401);
  expect(res.json.code).toBe('mfa_required');
  return res.json.mfaToken as string;
}

async function sessionOf(accessToken: string) {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
  const db = await getDb();
  const [row] = await db.select().from(sessions).where(eq(sessions.id, payload.sid));
  return row;
}

describe('POST /api/v1/auth/token for a person with a second factor', () => {
  it('answers 401 mfa_required with an mfaToken (problem+json), opens no session and keeps only the token hash', async () => {
    const person = await personWithTotp();
    const db = await getDb();
    const before = await db.select().from(sessions).where(eq(sessions.userId, person.id));
    const res = await token({ email: person.email, password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({
      status: 401,
      code: 'mfa_required',
      mfaToken: expect.stringMatching(/^cmf_/),
      requestId: expect.any(String),
    });
    expect(res.json).not.toHaveProperty('accessToken');
    const after = await db.select().from(sessions).where(eq(sessions.userId, person.id));
    expect(after.length).toBe(before.length);
    const challenges = await db.select().from(signInChallenges).where(eq(signInChallenges.userId, person.id));
    expect(challenges).toHaveLength(1);
    expect(challenges[0].tokenHash).not.toContain(res.json.mfaToken);
    expect(challenges[0].expiresAt.getTime() - challenges[0].createdAt.getTime()).toBe(5 * 60 * 1000);
  });

  it('still answers 401 unauthenticated (no mfaToken) for a wrong password', async () => {
    const person = await personWithTotp();
    const res = await token({ email: person.email, password: 'not the password at all' });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');
    expect(res.json).not.toHaveProperty('mfaToken');
  });

  it('a person without a second factor still gets the token pair at once', async () => {
    const db = await getDb();
    const email = `plain-${unique()}@test.custos`;
    await insertUser(db, { email, name: 'Pat Plain', password: PASSWORD, verified: true });
    const res = await token({ email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.accessToken).toMatch(/^eyJ/);
    expect((await sessionOf(res.json.accessToken)).mfaVerifiedAt).toBeNull();
  });
});

describe('POST /api/v1/auth/token/mfa', () => {
  it('trades the mfaToken and an authenticator code for a token pair whose session counts as verified; audited with the factor', async () => {
    const person = await personWithTotp();
    const mfaToken = await mfaTokenFor(person.email);
    const res = await tokenMfa({ mfaToken, code: codeFor(person.secret) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ tokenType: 'Bearer', user: { id: person.id, email: person.email } });
    const session = await sessionOf(res.json.accessToken);
    expect(session.kind).toBe('token');
    expect(session.mfaVerifiedAt).not.toBeNull();
    const db = await getDb();
    const events = await db
      .select({ action: auditEvents.action, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.id), eq(auditEvents.action, 'user.signed_in')));
    expect(events.map((e) => e.after)).toContainEqual({ secondFactor: 'totp' });
  });

  it('takes a recovery code instead, once', async () => {
    const person = await personWithTotp();
    const first = await tokenMfa({ mfaToken: await mfaTokenFor(person.email), code: person.recoveryCodes[0] });
    expect(first.status).toBe(200);
    const again = await tokenMfa({ mfaToken: await mfaTokenFor(person.email), code: person.recoveryCodes[0] });
    expect(again.status).toBe(401);
    expect(again.json.code).toBe('invalid_code');
  });

  it('a wrong code is 401 and the mfaToken stays usable; once used it is spent', async () => {
    const person = await personWithTotp();
    const mfaToken = await mfaTokenFor(person.email);
    const wrong = await tokenMfa({ mfaToken, code: codeFor(person.secret) === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.code).toBe('invalid_code');
    expect(wrong.json).not.toHaveProperty('accessToken');
    const right = await tokenMfa({ mfaToken, code: codeFor(person.secret) });
    expect(right.status).toBe(200);
    nextStep();
    const reused = await tokenMfa({ mfaToken, code: codeFor(person.secret) });
    expect(reused.status).toBe(401);
    expect(reused.json.code).toBe('unauthenticated');
    expect(reused.json.detail).toMatch(/expired or was already used/);
  });

  it('an mfaToken older than five minutes is refused (the controllable clock)', async () => {
    const person = await personWithTotp();
    const mfaToken = await mfaTokenFor(person.email);
    setClock({ advanceMs: 5 * 60 * 1000 + 1000 });
    const res = await tokenMfa({ mfaToken, code: codeFor(person.secret) });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');
  });

  it('an unknown mfaToken is 401 and bad input is 400 naming the field, with nothing written', async () => {
    const person = await personWithTotp();
    const unknown = await tokenMfa({ mfaToken: `cmf_${'x'.repeat(43)}`, code: '123456' });
    expect(unknown.status).toBe(401);
    const missing = await tokenMfa({ code: '123456' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toContain('mfaToken');
    const noCode = await tokenMfa({ mfaToken: await mfaTokenFor(person.email) });
    expect(noCode.status).toBe(400);
    expect(noCode.json.errors.map((e: { path: string }) => e.path)).toContain('code');
    const extra = await tokenMfa({ mfaToken: await mfaTokenFor(person.email), code: '123456', admin: true });
    expect(extra.status).toBe(400);
  });

  it('limits wrong codes: after five, 429 with Retry-After even for the right code', async () => {
    const person = await personWithTotp();
    const mfaToken = await mfaTokenFor(person.email);
    const wrongCode = codeFor(person.secret) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await tokenMfa({ mfaToken, code: wrongCode })).status).toBe(401);
    const limited = await tokenMfa({ mfaToken, code: codeFor(person.secret) });
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a console (browser) pending step cannot be completed on the API', async () => {
    const person = await personWithTotp();
    const browserToken = await issueSignInChallenge(await getDb(), person.id, 'browser');
    const res = await tokenMfa({ mfaToken: browserToken, code: codeFor(person.secret) });
    expect(res.status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

async function setMfaRequired(tenantId: string, value: TenantSettings['mfaRequired']) {
  const db = await getDb();
  await db
    .update(tenants)
    .set({ settings: sql`${tenants.settings} || ${JSON.stringify({ mfaRequired: value })}::jsonb` })
    .where(eq(tenants.id, tenantId));
}

const tenantUrl = (slug: string, rest: string) => `http://localhost/api/v1/tenants/${slug}/${rest}`;
const listSites = (t: TestTenant, u: TestUser) =>
  call(sitesGET, { url: tenantUrl(t.slug, 'sites'), params: { tenant: t.slug }, cookie: u.cookie });
const createKey = (t: TestTenant, headers: { cookie?: string; authorization?: string }, name = `key ${unique()}`) =>
  call(apiKeysPOST, {
    method: 'POST',
    url: tenantUrl(t.slug, 'api-keys'),
    params: { tenant: t.slug },
    cookie: headers.cookie,
    headers: headers.authorization ? { authorization: headers.authorization } : {},
    body: { name, permissions: ['sites.read'] },
  });
const stepUp = (u: { cookie: string }, code: string) =>
  call(verifyPOST, { method: 'POST', url: `${ME_MFA}/verify`, cookie: u.cookie, body: { code } });

async function setVerifiedAt(sessionId: string, at: Date | null) {
  const db = await getDb();
  await db.update(sessions).set({ mfaVerifiedAt: at }).where(eq(sessions.id, sessionId));
}

describe('step-up: a recent second factor before sensitive operations', () => {
  it('an admin with a factor whose check is older than 10 minutes gets 403 mfa_required; after POST /me/mfa/verify it works', async () => {
    const t = await createTenantWithMembers();
    const admin = t.users.admin;
    const { secret } = await enrolTotp(admin.cookie);
    await setVerifiedAt(admin.sessionId, new Date(now().getTime() - 11 * 60 * 1000));

    const refused = await createKey(t, { cookie: admin.cookie });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');

    const wrong = await stepUp(admin, codeFor(secret) === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(403);
    expect(wrong.json.code).toBe('invalid_code');
    expect((await createKey(t, { cookie: admin.cookie })).status).toBe(403);

    const verified = await stepUp(admin, codeFor(secret));
    expect(verified.status).toBe(200);
    expect(new Date(verified.json.validUntil).getTime() - new Date(verified.json.mfaVerifiedAt).getTime()).toBe(10 * 60 * 1000);
    expect((await createKey(t, { cookie: admin.cookie })).status).toBe(201);

    // Ten minutes later the check has run out again.
    setClock({ advanceMs: 10 * 60 * 1000 + 5000 });
    expect((await createKey(t, { cookie: admin.cookie })).json.code).toBe('mfa_required');
  });

  it("covers role changes of a member, overrides, new roles and a role's permissions — not a role's description alone", async () => {
    const t = await createTenantWithMembers();
    const admin = t.users.admin;
    await enrolTotp(admin.cookie);
    await setVerifiedAt(admin.sessionId, null);
    const db = await getDb();
    const [viewer] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, t.users.viewer.id)));
    const asAdmin = { cookie: admin.cookie };

    const roles = await call(memberPATCH, {
      method: 'PATCH',
      url: tenantUrl(t.slug, `members/${viewer.id}`),
      params: { tenant: t.slug, id: viewer.id },
      ...asAdmin,
      body: { roles: ['operator'] },
    });
    expect(roles.status).toBe(403);
    expect(roles.json.code).toBe('mfa_required');

    const overrides = await call(overridesPUT, {
      method: 'PUT',
      url: tenantUrl(t.slug, `members/${viewer.id}/overrides`),
      params: { tenant: t.slug, id: viewer.id },
      ...asAdmin,
      body: { grant: ['sites.manage'], deny: [] },
    });
    expect(overrides.json.code).toBe('mfa_required');

    const created = await call(rolesPOST, {
      method: 'POST',
      url: tenantUrl(t.slug, 'roles'),
      params: { tenant: t.slug },
      ...asAdmin,
      body: { name: `Auditor ${unique()}`, permissions: ['audit.read'] },
    });
    expect(created.json.code).toBe('mfa_required');

    const renamed = await call(rolePATCH, {
      method: 'PATCH',
      url: tenantUrl(t.slug, `roles/${t.roleIds.viewer}`),
      params: { tenant: t.slug, id: t.roleIds.viewer },
      ...asAdmin,
      body: { description: 'Looks, never touches' },
    });
    expect(renamed.status).toBe(200);

    const widened = await call(rolePATCH, {
      method: 'PATCH',
      url: tenantUrl(t.slug, `roles/${t.roleIds.viewer}`),
      params: { tenant: t.slug, id: t.roleIds.viewer },
      ...asAdmin,
      body: { permissions: ['sites.read', 'batches.read', 'inspections.read', 'serials.read', 'audit.read'] },
    });
    expect(widened.json.code).toBe('mfa_required');
  });

  it('nobody without a second factor is asked (existing behaviour)', async () => {
    const t = await createTenantWithMembers();
    expect((await createKey(t, { cookie: t.users.admin.cookie })).status).toBe(201);
  });

  it('a sign-in that passed the second factor counts as the check for ten minutes', async () => {
    const t = await createTenantWithMembers();
    const db = await getDb();
    const email = `signer-${unique()}@test.custos`;
    const person = await insertUser(db, { email, name: 'Sam Stepup', password: PASSWORD, verified: true });
    await addMember(db, { tenantId: t.id, userId: person.id, roleIds: [t.roleIds.admin] });
    const { secret } = await enrolTotp((await createUserSessionCookie(person.id)).cookie);
    const pair = await tokenMfa({ mfaToken: await mfaTokenFor(email), code: codeFor(secret) });
    expect(pair.status).toBe(200);
    const bearer = `Bearer ${pair.json.accessToken}`;
    expect((await createKey(t, { authorization: bearer })).status).toBe(201);
  });

  it("an API key cannot step up: a key whose creator has a factor is refused with mfa_required; a factorless creator's key works", async () => {
    const t = await createTenantWithMembers();
    const admin = t.users.admin;
    const made = await createKey(t, { cookie: admin.cookie }, 'key maker');
    expect(made.status).toBe(201);
    const keyAuth = `Bearer ${made.json.key}`;
    // While the key's creator has no factor, a key holding api_keys.manage may create keys.
    const scoped = await call(apiKeysPOST, {
      method: 'POST',
      url: tenantUrl(t.slug, 'api-keys'),
      params: { tenant: t.slug },
      cookie: admin.cookie,
      body: { name: 'manager key', permissions: ['api_keys.manage', 'sites.read'] },
    });
    expect(scoped.status).toBe(201);
    const managerKey = `Bearer ${scoped.json.key}`;
    expect((await createKey(t, { authorization: managerKey })).status).toBe(201);

    await enrolTotp(admin.cookie);
    const refused = await createKey(t, { authorization: managerKey });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');
    expect(refused.json.detail).toMatch(/API key cannot/);
    // Reading with a key is unaffected.
    const read = await call(sitesGET, { url: tenantUrl(t.slug, 'sites'), params: { tenant: t.slug }, headers: { authorization: keyAuth } });
    expect(read.status).toBe(200);
  });

  it('POST /me/mfa/verify: 409 without a factor, 400 naming code, 401 signed out', async () => {
    const u = await createUserWithSession('nofactor');
    expect((await stepUp(u, '123456')).status).toBe(409);
    const bad = await call(verifyPOST, { method: 'POST', url: `${ME_MFA}/verify`, cookie: u.cookie, body: {} });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('code');
    expect((await call(verifyPOST, { method: 'POST', url: `${ME_MFA}/verify`, body: { code: '123456' } })).status).toBe(401);
  });

  it('wiping out a tenant needs the step-up from a platform admin with a factor', async () => {
    const t = await createTenantWithMembers();
    const root = await createUserWithSession('root', { platformAdmin: true });
    const { secret } = await enrolTotp(root.cookie);
    await setVerifiedAt(root.sessionId, null);
    const wipe = () =>
      call(wipeOutDELETE, {
        method: 'DELETE',
        url: `http://localhost/api/v1/admin/tenants/${t.slug}?confirm=${t.slug}`,
        params: { tenant: t.slug },
        cookie: root.cookie,
      });
    const refused = await wipe();
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');
    expect((await stepUp(root, codeFor(secret))).status).toBe(200);
    expect((await wipe()).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('the tenant MFA policy (mfaRequired)', () => {
  it('decides whom each setting covers (pure rules)', () => {
    const admin = new Set(['members.read', 'members.update', 'roles.manage']);
    const qa = new Set(['batches.read', 'batches.release', 'inspections.approve']);
    const operator = new Set(['batches.read', 'batches.transition', 'inspections.perform']);
    expect([admin, qa, operator].map((p) => tenantRequiresSecondFactor('off', p))).toEqual([false, false, false]);
    expect([admin, qa, operator].map((p) => tenantRequiresSecondFactor(undefined, p))).toEqual([false, false, false]);
    expect([admin, qa, operator].map((p) => tenantRequiresSecondFactor('admins', p))).toEqual([true, false, false]);
    expect([admin, qa, operator].map((p) => tenantRequiresSecondFactor('signers', p))).toEqual([true, true, false]);
    expect([admin, qa, operator].map((p) => tenantRequiresSecondFactor('everyone', p))).toEqual([true, true, true]);
  });

  it('off: nobody is stopped', async () => {
    const t = await createTenantWithMembers();
    await setMfaRequired(t.id, 'off');
    for (const u of Object.values(t.users)) expect((await listSites(t, u)).status).toBe(200);
  });

  it('admins: the admin and the manager (they manage members) get 403 mfa_enrolment_required; qa, operator and viewer do not', async () => {
    const t = await createTenantWithMembers();
    await setMfaRequired(t.id, 'admins');
    const statuses = Object.fromEntries(
      await Promise.all(Object.entries(t.users).map(async ([role, u]) => [role, (await listSites(t, u)).json?.code ?? 'ok'] as const)),
    );
    expect(statuses).toEqual({
      admin: 'mfa_enrolment_required',
      manager: 'mfa_enrolment_required',
      qa: 'ok',
      operator: 'ok',
      viewer: 'ok',
    });
  });

  it('signers: qa (releases, approves) is covered too; operator and viewer are not', async () => {
    const t = await createTenantWithMembers();
    await setMfaRequired(t.id, 'signers');
    const codes = await Promise.all(Object.values(t.users).map(async (u) => (await listSites(t, u)).status));
    expect(codes).toEqual([403, 403, 403, 200, 200]);
  });

  it('everyone: every member without a factor is stopped until enrolled; enrolling lets them in at once', async () => {
    const t = await createTenantWithMembers();
    await setMfaRequired(t.id, 'everyone');
    const viewer = t.users.viewer;
    const refused = await listSites(t, viewer);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_enrolment_required');
    expect(refused.json.detail).toMatch(/second factor/);
    // Members list too: the whole tenant API is closed, not one route.
    const members = await call(membersGET, { url: tenantUrl(t.slug, 'members'), params: { tenant: t.slug }, cookie: viewer.cookie });
    expect(members.json.code).toBe('mfa_enrolment_required');
    // Enrolment lives outside the tenant: it stays possible.
    await enrolTotp(viewer.cookie);
    expect((await listSites(t, viewer)).status).toBe(200);
  });

  it('another tenant stays 404 for a stranger whatever the policy (no existence leak)', async () => {
    const t = await createTenantWithMembers();
    const other = await createTenantWithMembers();
    await setMfaRequired(t.id, 'everyone');
    const res = await listSites(t, other.users.admin);
    expect(res.status).toBe(404);
  });
});

describe('platform administrators (PLATFORM_ADMIN_MFA)', () => {
  it('required: an admin without a factor gets 403 mfa_enrolment_required on the platform API; with one, 200', async () => {
    const previous = process.env.PLATFORM_ADMIN_MFA;
    process.env.PLATFORM_ADMIN_MFA = 'required';
    resetEnv();
    try {
      const root = await createUserWithSession('root', { platformAdmin: true });
      const list = () => call(adminTenantsGET, { url: 'http://localhost/api/v1/admin/tenants', cookie: root.cookie });
      const refused = await list();
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('mfa_enrolment_required');
      await enrolTotp(root.cookie);
      expect((await list()).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.PLATFORM_ADMIN_MFA;
      else process.env.PLATFORM_ADMIN_MFA = previous;
      resetEnv();
    }
  });

  it('optional (tests, demo): an admin without a factor works', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    expect((await call(adminTenantsGET, { url: 'http://localhost/api/v1/admin/tenants', cookie: root.cookie })).status).toBe(200);
  });
});
