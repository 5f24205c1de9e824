import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { POST as registerRoute } from '@/app/api/v1/auth/register/route';
import { POST as resendRoute } from '@/app/api/v1/auth/resend-verification/route';
import { POST as verifyRoute } from '@/app/api/v1/auth/verify-email/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, emailTokens, users } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { verifyPassword } from '@/lib/auth/password';
import { REGISTER_IP_LIMIT } from '@/lib/auth/register';
import { setClock } from '@/lib/platform/clock';
import { env } from '@/lib/platform/env';
import { fromPeer, uniqueAddress } from '../support/client-address';
import { call, unique } from '../support/fixtures';

// Registration and email verification through the route handlers: POST /api/v1/auth/register,
// /verify-email and /resend-verification (API.md "Auth").

const PASSWORD = 'violet-harbor-lantern';
const newEmail = (label = 'reg') => `${label}-${unique()}@test.custos`;

type Handler = Parameters<typeof call>[0];
const post = (handler: Handler, path: string, body: unknown, headers?: Record<string, string>) =>
  call(handler, { method: 'POST', url: `http://localhost/api/v1/auth/${path}`, body, headers });

const register = (body: unknown, headers?: Record<string, string>) => post(registerRoute, 'register', body, headers);
const verify = (token: string) => post(verifyRoute, 'verify-email', { token });
const resend = (email: string) => post(resendRoute, 'resend-verification', { email });

async function mailTo(email: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.to, email.toLowerCase())).orderBy(desc(emailOutbox.createdAt));
}

async function userBy(email: string) {
  const db = await getDb();
  return db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
}

async function platformEvents(targetId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(isNull(auditEvents.tenantId), eq(auditEvents.targetId, targetId)))
    .orderBy(auditEvents.seq);
}

/** The token of the link in a verification mail, after checking the link is absolute and built from APP_URL. */
function verifyToken(text: string): string {
  const match = /(https?:\/\/\S+)\/verify-email\/([A-Za-z0-9_-]+)/.exec(text);
  expect(match, text).not.toBeNull();
  expect(match![1]).toBe(new URL(env().APP_URL).origin);
  return match![2];
}

afterEach(() => setClock());

describe('POST /api/v1/auth/register', () => {
  it('creates an unverified account, queues the verification mail with a link, and audits it', async () => {
    const email = newEmail();
    const res = await register(
      { email: email.toUpperCase(), password: PASSWORD, name: '  Ada Lovelace ' },
      { 'x-request-id': `reg-${unique()}` },
    );
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ status: 'pending_verification' });
    expect(res.headers.get('x-request-id')).toMatch(/^reg-/);

    const [user] = await userBy(email);
    expect(user).toMatchObject({ email, name: 'Ada Lovelace', emailVerified: null, isPlatformAdmin: false });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);

    const mail = await mailTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ template: 'verifyEmail', subject: 'Confirm your email address', status: 'pending' });
    const token = verifyToken(mail[0].text);
    expect(mail[0].html).toContain(`/verify-email/${token}`);
    // Only a hash of the token is stored.
    const db = await getDb();
    const tokens = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id));
    expect(tokens).toHaveLength(1);
    expect(tokens[0].tokenHash).not.toContain(token);
    expect(tokens[0].purpose).toBe('verify_email');

    const events = await platformEvents(user.id);
    expect(events.map((e) => e.action)).toEqual(['user.registered']);
    expect(events[0]).toMatchObject({ actorType: 'anonymous', targetType: 'user', after: { email, name: 'Ada Lovelace' } });
    expect(JSON.stringify(events[0])).not.toContain(PASSWORD);
  });

  it('verifies the email with the link, once: reuse is 409 link_used', async () => {
    const email = newEmail();
    expect((await register({ email, password: PASSWORD, name: 'Grace' })).status).toBe(201);
    const token = verifyToken((await mailTo(email))[0].text);

    const ok = await verify(token);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: 'verified' });
    const [user] = await userBy(email);
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect((await platformEvents(user.id)).map((e) => e.action)).toEqual(['user.registered', 'user.email_verified']);

    const again = await verify(token);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'link_used', status: 409 });
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const [still] = await userBy(email);
    expect(still.emailVerified?.getTime()).toBe(user.emailVerified!.getTime());
  });

  it('answers an existing email exactly like a new one, creates no second account and mails the owner', async () => {
    const email = newEmail('taken');
    const db = await getDb();
    const owner = await insertUser(db, { email, name: 'Original Owner', password: 'original-password-kept', verified: true });

    const res = await register({ email: email.toUpperCase(), password: PASSWORD, name: 'Someone Else' });
    const fresh = await register({ email: newEmail(), password: PASSWORD, name: 'Someone Else' });
    expect(res.status).toBe(fresh.status);
    expect(res.json).toEqual(fresh.json);
    expect(res.status).toBe(201);
    expect([...res.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());

    const accounts = await userBy(email);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id: owner.id, name: 'Original Owner' });
    expect(await verifyPassword(accounts[0].passwordHash, 'original-password-kept')).toBe(true);

    const mail = await mailTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0].template).toBe('accountExists');
    expect(mail[0].text).toContain('Original Owner');
    expect(mail[0].text).toContain(`${env().APP_URL.replace(/\/$/, '')}/sign-in`);
    expect(mail[0].text).toContain('/forgot-password');
    // No verification token was issued for the existing account.
    expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, owner.id))).toHaveLength(0);
    expect((await platformEvents(owner.id)).map((e) => e.action)).not.toContain('user.registered');
  });

  it('lets only one of two simultaneous sign-ups with one email create the account', async () => {
    const email = newEmail('race');
    const results = await Promise.all([
      register({ email, password: PASSWORD, name: 'First' }),
      register({ email, password: PASSWORD, name: 'Second' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(await userBy(email)).toHaveLength(1);
    const templates = (await mailTo(email)).map((m) => m.template).sort();
    expect(templates).toEqual(['accountExists', 'verifyEmail']);
  });

  it('rejects bad input with 400 naming each field, and writes nothing', async () => {
    const email = newEmail('bad');
    const res = await register({ email, password: 'short', name: '   ', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    const paths = res.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['password', 'name', 'role']));
    expect(res.json.errors.find((e: { path: string }) => e.path === 'password').message).toMatch(/at least 8 characters/);

    const missing = await register({ email: 'not-an-email' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['email', 'password', 'name']));

    const malformed = await call(registerRoute, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/register',
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);

    expect(await userBy(email)).toHaveLength(0);
    expect(await mailTo(email)).toHaveLength(0);
  });

  it('refuses one of the most common passwords', async () => {
    const email = newEmail('common');
    const res = await register({ email, password: 'qwertyuiop', name: 'Common' });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'password', message: expect.stringMatching(/most common/) }]);
    const upper = await register({ email, password: 'PASSWORD123', name: 'Common' });
    expect(upper.status).toBe(400);
    expect(await userBy(email)).toHaveLength(0);
  });

  it('limits sign-ups per IP address with 429 and Retry-After', async () => {
    // A made-up address unique to this run: counters live in the kv store, shared by runs on one database.
    const headers = fromPeer(uniqueAddress());
    for (let i = 0; i < REGISTER_IP_LIMIT; i++) {
      expect((await register({ email: newEmail('ip'), password: PASSWORD, name: `Ip ${i}` }, headers)).status).toBe(201);
    }
    const email = newEmail('ip-over');
    const over = await register({ email, password: PASSWORD, name: 'One too many' }, headers);
    expect(over.status).toBe(429);
    expect(over.json.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await userBy(email)).toHaveLength(0);
  });
});

describe('POST /api/v1/auth/verify-email', () => {
  it('is 410 link_expired after 24 hours, and a resent link works', async () => {
    const email = newEmail('late');
    expect((await register({ email, password: PASSWORD, name: 'Late' })).status).toBe(201);
    const token = verifyToken((await mailTo(email))[0].text);

    setClock({ advanceMs: 24 * 60 * 60 * 1000 + 60_000 });
    const expired = await verify(token);
    expect(expired.status).toBe(410);
    expect(expired.json.code).toBe('link_expired');
    // Still expired (not "used") on a second try: the failed attempt changed nothing.
    expect((await verify(token)).json.code).toBe('link_expired');
    expect((await userBy(email))[0].emailVerified).toBeNull();

    const again = await resend(email);
    expect(again.status).toBe(202);
    const mail = await mailTo(email);
    expect(mail.map((m) => m.template)).toEqual(['verifyEmail', 'verifyEmail']);
    const fresh = verifyToken(mail[0].text);
    expect(fresh).not.toBe(token);
    expect((await verify(fresh)).status).toBe(200);
    expect((await userBy(email))[0].emailVerified).toBeInstanceOf(Date);
  });

  it('is 404 for a token it never issued and 400 for a malformed one', async () => {
    const unknown = await verify('x'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('not_found');
    const short = await verify('abc');
    expect(short.status).toBe(400);
    expect(short.json.errors[0].path).toBe('token');
  });
});

describe('POST /api/v1/auth/resend-verification', () => {
  it('answers 202 alike for unknown, verified and waiting accounts; only the waiting one gets mail', async () => {
    const waiting = newEmail('wait');
    const verified = newEmail('done');
    const unknown = newEmail('nobody');
    expect((await register({ email: waiting, password: PASSWORD, name: 'Waiting' })).status).toBe(201);
    const db = await getDb();
    await insertUser(db, { email: verified, name: 'Verified', password: PASSWORD, verified: true });
    const firstToken = verifyToken((await mailTo(waiting))[0].text);

    const answers = await Promise.all([resend(waiting), resend(verified), resend(unknown)]);
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ status: 'accepted' });
    }
    expect(await mailTo(verified)).toHaveLength(0);
    expect(await mailTo(unknown)).toHaveLength(0);
    const mail = await mailTo(waiting);
    expect(mail).toHaveLength(2);

    // The newer link replaces the older one.
    expect((await verify(firstToken)).json.code).toBe('link_used');
    expect((await verify(verifyToken(mail[0].text))).status).toBe(200);
  });

  it('quietly stops mailing one address after a few requests an hour', async () => {
    const email = newEmail('flood');
    expect((await register({ email, password: PASSWORD, name: 'Flood' })).status).toBe(201);
    for (let i = 0; i < 6; i++) expect((await resend(email)).status).toBe(202);
    // The registration mail plus three resends.
    expect(await mailTo(email)).toHaveLength(4);
  });

  it('validates the email', async () => {
    const res = await post(resendRoute, 'resend-verification', { email: 'nope' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('email');
  });
});
