import { and, count, desc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as forgotRoute } from '@/app/api/v1/auth/forgot-password/route';
import { POST as registerRoute } from '@/app/api/v1/auth/register/route';
import { POST as resetRoute } from '@/app/api/v1/auth/reset-password/route';
import { POST as acceptRoute } from '@/app/api/v1/invitations/[token]/accept/route';
import { GET as meRoute } from '@/app/api/v1/me/route';
import { POST as changeRoute } from '@/app/api/v1/me/password/route';
import { POST as inviteRoute } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { GET, PATCH } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { emailOutbox, passwordHistory, tenants, users } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { verifyPassword } from '@/lib/auth/password';
import { PASSWORD_HISTORY_KEPT } from '@/lib/auth/password-history';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { setClock } from '@/lib/platform/clock';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

// The per-tenant password policy and the sign-in security settings, through the real routes.
let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
});
afterEach(() => setClock());

const tenantUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}`;

async function patchSettings(tenant: TestTenant, settings: unknown) {
  return call(PATCH, {
    method: 'PATCH',
    url: tenantUrl(tenant.slug),
    params: { tenant: tenant.slug },
    cookie: tenant.users.admin.cookie,
    body: { settings },
  });
}

describe('tenant settings: sign-in security and password rules', () => {
  it('reads the defaults for a tenant that never changed them', async () => {
    const res = await call(GET, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      mfaRequired: 'off',
      deactivateAfterDays: null,
      passwordPolicy: { minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null },
      memberAttributes: [],
    });
  });

  it('merges a partial password policy over the current one and replaces the rest', async () => {
    const first = await patchSettings(acme, { deactivateAfterDays: 90, passwordPolicy: { minLength: 14 } });
    expect(first.status).toBe(200);
    expect(first.json.settings.passwordPolicy).toEqual({ minLength: 14, minScore: 3, historyCount: 5, maxAgeDays: null });
    const second = await patchSettings(acme, { deactivateAfterDays: null, passwordPolicy: { historyCount: 0, maxAgeDays: 365 } });
    expect(second.status).toBe(200);
    expect(second.json.settings).toMatchObject({
      mfaRequired: 'off',
      deactivateAfterDays: null,
      passwordPolicy: { minLength: 14, minScore: 3, historyCount: 0, maxAgeDays: 365 },
    });
    const attributes = [
      { key: 'cost_centre', label: 'Cost centre', type: 'choice', options: ['R&D', 'Production'], required: true },
      { key: 'badge', label: 'Badge number', type: 'number', required: false },
    ];
    const third = await patchSettings(acme, { memberAttributes: attributes });
    expect(third.status).toBe(200);
    expect(third.json.settings.memberAttributes).toEqual(attributes);
    expect(third.json.settings.passwordPolicy.minLength).toBe(14);
    // An existing attribute keeps its type; its label, options and requiredness may change.
    const retyped = await patchSettings(acme, { memberAttributes: [attributes[0], { ...attributes[1], type: 'text' }] });
    expect(retyped.status).toBe(400);
    expect(retyped.json.errors.map((e: { path: string }) => e.path)).toEqual(['settings.memberAttributes.1.type']);
    const relabelled = await patchSettings(acme, { memberAttributes: [{ ...attributes[0], label: 'Cost center', options: ['R&D'] }] });
    expect(relabelled.status).toBe(200);
    // Put the defaults back for the tests below.
    const reset = await patchSettings(acme, {
      memberAttributes: [],
      passwordPolicy: { minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null },
    });
    expect(reset.status).toBe(200);
  });

  it('stores who must use a second factor', async () => {
    // A tenant of its own: once admins must use a second factor, this admin (who has none) is stopped there.
    const other = await createTenantWithMembers();
    const res = await patchSettings(other, { mfaRequired: 'admins' });
    expect(res.status).toBe(200);
    expect(res.json.settings.mfaRequired).toBe('admins');
    const db = await getDb();
    const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, other.id));
    expect(row.settings.mfaRequired).toBe('admins');
  });

  it('answers each bad value with 400 naming the field, and writes nothing', async () => {
    const db = await getDb();
    const [before] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, acme.id));
    const choice = (extra: object) => ({ key: 'site', label: 'Site', type: 'choice', required: false, ...extra });
    const cases: Array<[unknown, string]> = [
      [{ mfaRequired: 'sometimes' }, 'settings.mfaRequired'],
      [{ deactivateAfterDays: 7 }, 'settings.deactivateAfterDays'],
      [{ deactivateAfterDays: 4000 }, 'settings.deactivateAfterDays'],
      [{ deactivateAfterDays: 45.5 }, 'settings.deactivateAfterDays'],
      [{ passwordPolicy: { minLength: 7 } }, 'settings.passwordPolicy.minLength'],
      [{ passwordPolicy: { minLength: 129 } }, 'settings.passwordPolicy.minLength'],
      [{ passwordPolicy: { minScore: 5 } }, 'settings.passwordPolicy.minScore'],
      [{ passwordPolicy: { historyCount: 25 } }, 'settings.passwordPolicy.historyCount'],
      [{ passwordPolicy: { maxAgeDays: 29 } }, 'settings.passwordPolicy.maxAgeDays'],
      [{ passwordPolicy: { maxAgeDays: 'never' } }, 'settings.passwordPolicy.maxAgeDays'],
      [{ passwordPolicy: { colour: 'red' } }, 'settings.passwordPolicy.colour'],
      [{ passwordPolicy: null }, 'settings.passwordPolicy'],
      [{ memberAttributes: [{ key: 'Cost Centre', label: 'Cost', type: 'text', required: false }] }, 'settings.memberAttributes.0.key'],
      [{ memberAttributes: [{ key: 'cost', label: '', type: 'text', required: false }] }, 'settings.memberAttributes.0.label'],
      [{ memberAttributes: [{ key: 'cost', label: 'x'.repeat(61), type: 'text', required: false }] }, 'settings.memberAttributes.0.label'],
      [{ memberAttributes: [{ key: 'cost', label: 'Cost', type: 'colour', required: false }] }, 'settings.memberAttributes.0.type'],
      [{ memberAttributes: [{ key: 'cost', label: 'Cost', type: 'text' }] }, 'settings.memberAttributes.0.required'],
      [{ memberAttributes: [choice({})] }, 'settings.memberAttributes.0.options'],
      [{ memberAttributes: [choice({ options: [] })] }, 'settings.memberAttributes.0.options'],
      [{ memberAttributes: [choice({ options: ['Basel', 'basel'] })] }, 'settings.memberAttributes.0.options.1'],
      [
        { memberAttributes: [{ key: 'cost', label: 'Cost', type: 'text', options: ['a'], required: false }] },
        'settings.memberAttributes.0.options',
      ],
      [{ memberAttributes: [choice({ options: ['A'] }), choice({ options: ['B'] })] }, 'settings.memberAttributes.1.key'],
      [
        { memberAttributes: Array.from({ length: 31 }, (_, i) => ({ key: `a${i}`, label: `A${i}`, type: 'text', required: false })) },
        'settings.memberAttributes',
      ],
    ];
    for (const [settings, field] of cases) {
      const res = await patchSettings(acme, settings);
      expect(res.status, JSON.stringify(settings)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(settings),
      ).toContain(field);
    }
    const [after] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, acme.id));
    expect(after.settings).toEqual(before.settings);
  });
});

// ── The rules through the real routes ────────────────────────────────────────────────────────────────

const DAY = 24 * 60 * 60 * 1000;
const STRONG = ['violet tugboat marmalade 42', 'copper lantern orchard 77', 'quiet walrus saxophone 19', 'amber glacier fiddle 63'];
/** The three examples: a repeated character, a digit run, and the person's own email (added per person). */
const WEAK = ['aaaaaaaaaaaa', '12345678901234'];

type Person = { id: string; email: string; name: string; cookie: string };

/** A verified account with a password and a session. */
async function personWithPassword(password: string, label = 'person'): Promise<Person> {
  const db = await getDb();
  const email = `${label}-${unique()}@example.test`;
  const user = await insertUser(db, { email, name: `Pat ${label}`, password, verified: true });
  const session = await createSession(db, user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { ...user, cookie: `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: user.id })}` };
}

async function joinTenant(person: Person, tenant: TestTenant) {
  const db = await getDb();
  await db.transaction((tx) => addMember(tx, { tenantId: tenant.id, userId: person.id, roleIds: [tenant.roleIds.viewer] }));
}

const post = (handler: Parameters<typeof call>[0], path: string, body: unknown, cookie?: string) =>
  call(handler, { method: 'POST', url: `http://localhost/api/v1/${path}`, body, cookie });
const change = (person: Person, currentPassword: string, newPassword: string) =>
  post(changeRoute, 'me/password', { currentPassword, newPassword }, person.cookie);

async function mailLink(to: string, template: string, pattern: RegExp): Promise<string> {
  const db = await getDb();
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, to.toLowerCase()), eq(emailOutbox.template, template)))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const match = pattern.exec(mail?.text ?? '');
  expect(match, mail?.text).not.toBeNull();
  return match![1];
}

async function resetTokenFor(email: string): Promise<string> {
  expect((await post(forgotRoute, 'auth/forgot-password', { email })).status).toBe(202);
  return mailLink(email, 'resetPassword', /\/reset-password\/([A-Za-z0-9_-]+)/);
}

async function invitationTokenFor(tenant: TestTenant, to: string): Promise<string> {
  const res = await call(inviteRoute, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${tenant.slug}/invitations`,
    params: { tenant: tenant.slug },
    cookie: tenant.users.admin.cookie,
    body: { email: to, roles: [tenant.roleIds.viewer] },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return mailLink(to, 'invitation', /\/invite\/([A-Za-z0-9_-]{43})/);
}

function expectRefused(res: { status: number; json: { code?: string; errors?: Array<{ path: string; message: string }> } }, field: string) {
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.code).toBe('validation_failed');
  expect(res.json.errors?.map((e) => e.path)).toContain(field);
  return res.json.errors!.filter((e) => e.path === field).map((e) => e.message);
}

async function userRow(id: string) {
  const db = await getDb();
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

async function historyCount(userId: string) {
  const db = await getDb();
  return Number((await db.select({ n: count() }).from(passwordHistory).where(eq(passwordHistory.userId, userId)))[0].n);
}

describe('the rules refuse weak passwords on every way a password is set', () => {
  it('sign-up: 400 naming password for each example, no account written', async () => {
    const email = `newcomer-${unique()}@example.test`;
    for (const password of [...WEAK, email]) {
      const res = await post(registerRoute, 'auth/register', { email, password, name: 'Nia Newcomer' });
      expectRefused(res, 'password');
    }
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    const ok = await post(registerRoute, 'auth/register', { email, password: STRONG[0], name: 'Nia Newcomer' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(201);
    const [created] = await db.select().from(users).where(eq(users.email, email));
    expect(created.passwordChangedAt).toBeInstanceOf(Date);
    expect(await historyCount(created.id)).toBe(1);
  });

  it('reset: 400 naming password, and the link stays usable', async () => {
    const person = await personWithPassword(STRONG[0], 'reset');
    const token = await resetTokenFor(person.email);
    for (const password of [...WEAK, person.email, person.email.toUpperCase()]) {
      expectRefused(await post(resetRoute, 'auth/reset-password', { token, password }), 'password');
    }
    expect(await verifyPassword((await userRow(person.id)).passwordHash, STRONG[0])).toBe(true);
    const ok = await post(resetRoute, 'auth/reset-password', { token, password: STRONG[1] });
    expect(ok.status, JSON.stringify(ok.json)).toBe(204);
    expect(await verifyPassword((await userRow(person.id)).passwordHash, STRONG[1])).toBe(true);
  });

  it('change: 400 naming newPassword, the password unchanged', async () => {
    const person = await personWithPassword(STRONG[0], 'change');
    for (const password of [...WEAK, person.email]) expectRefused(await change(person, STRONG[0], password), 'newPassword');
    expect(await verifyPassword((await userRow(person.id)).passwordHash, STRONG[0])).toBe(true);
    const ok = await change(person, STRONG[0], STRONG[1]);
    expect(ok.status, JSON.stringify(ok.json)).toBe(204);
  });

  it("invitation acceptance by a newcomer: 400 naming password, nothing created; the tenant's name is refused too", async () => {
    const to = `invitee-${unique()}@example.test`;
    const token = await invitationTokenFor(acme, to);
    const accept = (password: string) =>
      call(acceptRoute, {
        method: 'POST',
        url: `http://localhost/api/v1/invitations/${token}/accept`,
        params: { token },
        body: { name: 'Ivy Invitee', password },
      });
    for (const password of [...WEAK, to]) expectRefused(await accept(password), 'password');
    const tenantName = expectRefused(await accept(`my ${acme.slug} tenant rocks 99`), 'password');
    expect(tenantName.join(' ')).toMatch(/tenant's name/);
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, to))).toHaveLength(0);
    const ok = await accept(STRONG[2]);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.accountCreated).toBe(true);
  });
});

describe('history', () => {
  it('refuses any of the last N passwords (change and reset), allows an older one, and keeps at most 24 hashes', async () => {
    const tenant = await createTenantWithMembers();
    expect((await patchSettings(tenant, { passwordPolicy: { historyCount: 2 } })).status).toBe(200);
    const person = await personWithPassword(STRONG[0], 'history');
    await joinTenant(person, tenant);

    expect((await change(person, STRONG[0], STRONG[1])).status).toBe(204);
    // STRONG[0] is one of the last two (current STRONG[1], previous STRONG[0]).
    const reuse = expectRefused(await change(person, STRONG[1], STRONG[0]), 'newPassword');
    expect(reuse).toEqual(['Choose a password you have not used recently: the rules remember your last 2.']);
    const token = await resetTokenFor(person.email);
    expectRefused(await post(resetRoute, 'auth/reset-password', { token, password: STRONG[0] }), 'password');

    expect((await change(person, STRONG[1], STRONG[2])).status).toBe(204);
    // Now the last two are STRONG[2] and STRONG[1]: STRONG[0] is old enough again.
    expect((await change(person, STRONG[2], STRONG[0])).status).toBe(204);
    expect(await historyCount(person.id)).toBe(4); // the first password (kept at the first change), then three more

    const db = await getDb();
    await db.insert(passwordHistory).values(
      Array.from({ length: 30 }, (_, i) => ({
        userId: person.id,
        hash: `$argon2id$old-${i}`,
        createdAt: new Date(Date.now() - (i + 1) * DAY),
      })),
    );
    expect((await change(person, STRONG[0], STRONG[3])).status).toBe(204);
    expect(await historyCount(person.id)).toBe(PASSWORD_HISTORY_KEPT);
  });

  it('with historyCount 0 (in every tenant) only the current password is refused, by the change itself', async () => {
    const tenant = await createTenantWithMembers();
    expect((await patchSettings(tenant, { passwordPolicy: { historyCount: 0 } })).status).toBe(200);
    const person = await personWithPassword(STRONG[0], 'nohistory');
    await joinTenant(person, tenant);
    expect((await change(person, STRONG[0], STRONG[1])).status).toBe(204);
    expect((await change(person, STRONG[1], STRONG[0])).status).toBe(204);
    expectRefused(await change(person, STRONG[0], STRONG[0]), 'newPassword');
  });
});

describe('which rules', () => {
  it('a person in two tenants meets the strictest of both', async () => {
    const lenient = await createTenantWithMembers();
    const strict = await createTenantWithMembers();
    expect((await patchSettings(lenient, { passwordPolicy: { minLength: 8, minScore: 1 } })).status).toBe(200);
    expect((await patchSettings(strict, { passwordPolicy: { minLength: 30, minScore: 2 } })).status).toBe(200);
    const person = await personWithPassword(STRONG[0], 'twotenants');
    await joinTenant(person, lenient);
    // Only the lenient tenant: a short strong password is fine.
    expect((await change(person, STRONG[0], 'Zq7!vRx2&Lm')).status).toBe(204);
    await joinTenant(person, strict);
    const refused = expectRefused(await change(person, 'Zq7!vRx2&Lm', STRONG[1]), 'newPassword');
    expect(refused).toContain('Use at least 30 characters.');
    expect((await change(person, 'Zq7!vRx2&Lm', `${STRONG[1]} and more words`)).status).toBe(204);
  });

  it("a newcomer accepting an invitation meets the inviting tenant's rules", async () => {
    const strict = await createTenantWithMembers();
    expect((await patchSettings(strict, { passwordPolicy: { minLength: 32 } })).status).toBe(200);
    const to = `strict-invitee-${unique()}@example.test`;
    const token = await invitationTokenFor(strict, to);
    const accept = (password: string) =>
      call(acceptRoute, {
        method: 'POST',
        url: `http://localhost/api/v1/invitations/${token}/accept`,
        params: { token },
        body: { name: 'Sol Strict', password },
      });
    expect(expectRefused(await accept(STRONG[0]), 'password')).toContain('Use at least 32 characters.');
    expect((await accept(`${STRONG[0]} plus harbour`)).status).toBe(200);
  });
});

describe('maximum age', () => {
  it('forces a change: tenant routes answer 403 password_expired once the password is older, the account still works, a new password lifts it', async () => {
    const tenant = await createTenantWithMembers();
    const person = await personWithPassword(STRONG[0], 'expiry');
    await joinTenant(person, tenant);
    const read = () => call(GET, { url: tenantUrl(tenant.slug), params: { tenant: tenant.slug }, cookie: person.cookie });
    // viewer has no tenant.read: 403 forbidden means "past the password check".
    expect((await read()).json.code).toBe('forbidden');

    expect((await patchSettings(tenant, { passwordPolicy: { maxAgeDays: 30 } })).status).toBe(200);
    setClock({ advanceMs: 29 * DAY });
    expect((await read()).json.code).toBe('forbidden');
    setClock({ advanceMs: 2 * DAY });
    const expired = await read();
    expect(expired.status).toBe(403);
    expect(expired.json.code).toBe('password_expired');
    // Signing in and the account's own routes still work.
    expect((await call(meRoute, { url: 'http://localhost/api/v1/me', cookie: person.cookie })).status).toBe(200);

    expect((await change(person, STRONG[0], STRONG[1])).status).toBe(204);
    expect((await read()).json.code).toBe('forbidden');
  });

  it('off by default: no expiry however old the password', async () => {
    const tenant = await createTenantWithMembers();
    const person = await personWithPassword(STRONG[0], 'noexpiry');
    await joinTenant(person, tenant);
    setClock({ advanceMs: 5000 * DAY });
    const res = await call(GET, { url: tenantUrl(tenant.slug), params: { tenant: tenant.slug }, cookie: person.cookie });
    expect(res.json.code).toBe('forbidden');
  });
});
