import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { POST as forgotRoute } from '@/app/api/v1/auth/forgot-password/route';
import { POST as resetRoute } from '@/app/api/v1/auth/reset-password/route';
import { getDb, getDbHandle } from '@/db/client';
import { auditEvents, emailOutbox, refreshTokens, sessions, users } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { insertUser } from '@/lib/auth/create-user';
import { hashToken } from '@/lib/auth/one-time-token';
import { verifyPassword } from '@/lib/auth/password';
import { createSession, encodeSessionToken, resolveSessionActor, SESSION_COOKIE } from '@/lib/auth/session';
import { ACCOUNT_LIMIT } from '@/lib/auth/sign-in-guard';
import { DomainError } from '@/lib/errors';
import { setClock } from '@/lib/platform/clock';
import { call, createUserWithSession, unique } from '../support/fixtures';

// Forgot and reset password through the route handlers: POST /api/v1/auth/forgot-password and
// /reset-password (API.md "Auth"): always 202, a 1-hour single-use link, every session ended.

const NEW_PASSWORD = 'copper-meadow-satellite';
const HOUR = 60 * 60 * 1000;

type Handler = Parameters<typeof call>[0];
const post = (handler: Handler, path: string, body: unknown) =>
  call(handler, { method: 'POST', url: `http://localhost/api/v1/auth/${path}`, body });
const forgot = (email: string) => post(forgotRoute, 'forgot-password', { email });
const reset = (token: string, password = NEW_PASSWORD) => post(resetRoute, 'reset-password', { token, password });

async function mailTo(email: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.to, email.toLowerCase())).orderBy(desc(emailOutbox.createdAt));
}

async function resetToken(email: string): Promise<string> {
  const [mail] = (await mailTo(email)).filter((m) => m.template === 'resetPassword');
  const match = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
  expect(match, mail?.text).not.toBeNull();
  return match![1];
}

async function actions(targetId: string) {
  const db = await getDb();
  const rows = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(isNull(auditEvents.tenantId), eq(auditEvents.targetId, targetId)))
    .orderBy(auditEvents.seq);
  return rows.map((r) => r.action);
}

async function user(id: string) {
  const db = await getDb();
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

/**
 * How many SQL statements `work` sends to the embedded database (PGlite: its query calls, inside
 * transactions too); null on PostgreSQL, where the client cannot be counted from here.
 */
async function countStatements(work: () => Promise<void>): Promise<number | null> {
  const handle = await getDbHandle();
  const pg = handle.pglite;
  if (!pg) {
    await work();
    return null;
  }
  let count = 0;
  const query = pg.query.bind(pg);
  const transaction = pg.transaction.bind(pg);
  type Tx = Parameters<Parameters<typeof pg.transaction>[0]>[0];
  pg.query = ((...args: Parameters<typeof pg.query>) => {
    count++;
    return query(...args);
  }) as typeof pg.query;
  pg.transaction = ((callback: (tx: Tx) => Promise<unknown>) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = ((...args: Parameters<typeof tx.query>) => {
        count++;
        return txQuery(...args);
      }) as typeof tx.query;
      return callback(tx);
    })) as typeof pg.transaction;
  try {
    await work();
  } finally {
    pg.query = query;
    pg.transaction = transaction;
  }
  return count;
}

const cookieRequest = (cookie: string) => new Request('http://localhost/api/v1/me', { headers: { cookie } });

async function newUser(label: string, options: { verified?: boolean } = {}) {
  const db = await getDb();
  const email = `${label}-${unique()}@test.custos`;
  return insertUser(db, { email, name: `Reset ${label}`, password: 'the-old-password-1', verified: options.verified ?? true });
}

afterEach(() => setClock());

describe('POST /api/v1/auth/forgot-password', () => {
  it('answers unknown and known emails with the same 202 body; only the known one gets a link', async () => {
    const known = await newUser('known');
    const unknownEmail = `nobody-${unique()}@test.custos`;

    const a = await forgot(unknownEmail);
    const b = await forgot(known.email.toUpperCase());
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.json).toEqual(b.json);
    expect(a.json).toEqual({ status: 'accepted' });
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());

    expect(await mailTo(unknownEmail)).toHaveLength(0);
    const [mail] = await mailTo(known.email);
    expect(mail).toMatchObject({ template: 'resetPassword', subject: 'Reset your Custos password' });
    expect(mail.text).toMatch(/expires in 1 hour/);
    await resetToken(known.email);
    expect(await actions(known.id)).toEqual(['user.password_reset_requested']);
  });

  it('does the same work for an unknown email as for a known one: the same audit event, as many statements', async () => {
    // Issue 14, hole 12: the unknown path used to return after one SELECT (answering ~1.3 ms sooner).
    const known = await newUser('same-work');
    const unknownEmail = `nobody-same-work-${unique()}@test.custos`;
    const unknownRequestId = `forgot-unknown-${unique()}`;
    const forgotWithId = (email: string, requestId: string) =>
      call(forgotRoute, {
        method: 'POST',
        url: 'http://localhost/api/v1/auth/forgot-password',
        body: { email },
        headers: { 'x-request-id': requestId },
      });
    const counted = await countStatements(async () => {
      expect((await forgotWithId(known.email, `forgot-known-${unique()}`)).status).toBe(202);
    });
    const unknownCounted = await countStatements(async () => {
      expect((await forgotWithId(unknownEmail, unknownRequestId)).status).toBe(202);
    });
    if (counted !== null) {
      expect(counted).toBeGreaterThan(4);
      expect(unknownCounted).toBe(counted);
    }

    const db = await getDb();
    const requested = await db
      .select({ targetId: auditEvents.targetId, ip: auditEvents.ip })
      .from(auditEvents)
      .where(
        and(
          isNull(auditEvents.tenantId),
          eq(auditEvents.action, 'user.password_reset_requested'),
          eq(auditEvents.requestId, unknownRequestId),
        ),
      );
    expect(requested).toEqual([{ targetId: null, ip: null }]);
    // The decoy leaves no mail and no link behind.
    expect(await mailTo(unknownEmail)).toHaveLength(0);
    expect(await actions(known.id)).toEqual(['user.password_reset_requested']);
  });

  it('sends a link to an account that is not verified yet, and rejects a malformed email', async () => {
    const pending = await newUser('pending', { verified: false });
    expect((await forgot(pending.email)).status).toBe(202);
    expect((await mailTo(pending.email)).map((m) => m.template)).toEqual(['resetPassword']);
    const bad = await post(forgotRoute, 'forgot-password', { email: 'not-an-email', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'extra']);
  });
});

describe('POST /api/v1/auth/reset-password', () => {
  it('sets the new password, ends every session and spends every refresh token', async () => {
    const person = await createUserWithSession('resetter');
    const db = await getDb();
    const apiSession = await createSession(db, person.id, { kind: 'token', ip: '192.0.2.1' });
    const otherBrowser = await createSession(db, person.id, { userAgent: 'other browser' });
    const otherCookie = `${SESSION_COOKIE}=${await encodeSessionToken({ id: otherBrowser.id, userId: person.id })}`;
    await db.insert(refreshTokens).values({
      sessionId: apiSession.id,
      tokenHash: hashToken(randomBytes(32).toString('base64url')),
      expiresAt: new Date(Date.now() + 30 * 24 * HOUR),
    });
    // Someone else's session is left alone.
    const bystander = await createUserWithSession('bystander');

    expect(await resolveSessionActor(cookieRequest(person.cookie))).toMatchObject({ id: person.id });
    expect(await resolveSessionActor(cookieRequest(otherCookie))).toMatchObject({ id: person.id });

    expect((await forgot(person.email)).status).toBe(202);
    const res = await reset(await resetToken(person.email));
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();

    expect(await resolveSessionActor(cookieRequest(person.cookie))).toBeNull();
    expect(await resolveSessionActor(cookieRequest(otherCookie))).toBeNull();
    expect(await resolveSessionActor(cookieRequest(bystander.cookie))).toMatchObject({ id: bystander.id });
    const live = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, person.id), isNull(sessions.revokedAt)));
    expect(live).toHaveLength(0);
    const unspent = await db
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.sessionId, apiSession.id), isNull(refreshTokens.usedAt)));
    expect(unspent).toHaveLength(0);

    const after = await user(person.id);
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(after.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await actions(person.id)).toEqual(['user.password_reset_requested', 'user.password_reset']);
    expect((await mailTo(person.email)).map((m) => m.template)).toEqual(['passwordReset', 'resetPassword']);

    // The new password signs in; the old one does not.
    const meta = { requestId: `reset-${unique()}` };
    await expect(authenticate({ email: person.email, password: NEW_PASSWORD }, meta)).resolves.toMatchObject({ id: person.id });
  });

  it('marks an unverified email verified: the reset link proved the inbox', async () => {
    const pending = await newUser('unverified', { verified: false });
    expect((await forgot(pending.email)).status).toBe(202);
    expect((await reset(await resetToken(pending.email))).status).toBe(204);
    expect((await user(pending.id)).emailVerified).toBeInstanceOf(Date);
  });

  it('works once: a second use is 409 link_used, and an earlier link stops working when a newer one is sent', async () => {
    const person = await newUser('once');
    expect((await forgot(person.email)).status).toBe(202);
    const first = await resetToken(person.email);
    expect((await forgot(person.email)).status).toBe(202);
    const second = await resetToken(person.email);
    expect(second).not.toBe(first);

    const replaced = await reset(first);
    expect(replaced.status).toBe(409);
    expect(replaced.json.code).toBe('link_used');

    expect((await reset(second)).status).toBe(204);
    const reused = await reset(second, 'another-fine-password');
    expect(reused.status).toBe(409);
    expect(reused.json.code).toBe('link_used');
    expect(await verifyPassword((await user(person.id)).passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it('lets exactly one of ten concurrent uses of one link win', async () => {
    const person = await newUser('race');
    expect((await forgot(person.email)).status).toBe(202);
    const token = await resetToken(person.email);
    const passwords = Array.from({ length: 10 }, (_, i) => `concurrent-password-${i}-${unique()}`);
    const results = await Promise.all(passwords.map((p) => reset(token, p)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    for (const r of results.filter((r) => r.status === 409)) expect(r.json.code).toBe('link_used');

    const winner = passwords[statuses.indexOf(204)];
    expect(await verifyPassword((await user(person.id)).passwordHash, winner)).toBe(true);
    expect((await actions(person.id)).filter((a) => a === 'user.password_reset')).toHaveLength(1);
  });

  it('expires after 1 hour (410 link_expired) and still works just before', async () => {
    const early = await newUser('early');
    const late = await newUser('late');
    setClock({ at: new Date() });
    expect((await forgot(early.email)).status).toBe(202);
    expect((await forgot(late.email)).status).toBe(202);
    const earlyToken = await resetToken(early.email);
    const lateToken = await resetToken(late.email);

    setClock({ advanceMs: HOUR - 60_000 });
    expect((await reset(earlyToken)).status).toBe(204);

    setClock({ advanceMs: 61_000 });
    const expired = await reset(lateToken);
    expect(expired.status).toBe(410);
    expect(expired.json.code).toBe('link_expired');
    expect(expired.json.detail).toMatch(/expired/);
    expect(await verifyPassword((await user(late.id)).passwordHash, 'the-old-password-1')).toBe(true);
  });

  it('refuses a password the policy refuses, without spending the link', async () => {
    const person = await newUser('policy');
    expect((await forgot(person.email)).status).toBe(202);
    const token = await resetToken(person.email);
    const weak = await reset(token, 'password123');
    expect(weak.status).toBe(400);
    expect(weak.json.errors).toEqual([{ path: 'password', message: expect.stringMatching(/most common/) }]);
    const short = await reset(token, 'short');
    expect(short.status).toBe(400);
    expect((await reset(token)).status).toBe(204);
  });

  it('is 404 for a link it never issued', async () => {
    const res = await reset(randomBytes(32).toString('base64url'));
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
  });

  it('lifts a sign-in lock', async () => {
    const person = await newUser('locked');
    const meta = { requestId: `lock-${unique()}` };
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      await expect(authenticate({ email: person.email, password: 'wrong-password-guess' }, meta)).rejects.toMatchObject({ status: 401 });
    }
    const locked = await authenticate({ email: person.email, password: 'the-old-password-1' }, meta).catch((e: DomainError) => e);
    expect(locked).toMatchObject({ status: 429, code: 'rate_limited' });

    expect((await forgot(person.email)).status).toBe(202);
    expect((await reset(await resetToken(person.email))).status).toBe(204);
    await expect(authenticate({ email: person.email, password: NEW_PASSWORD }, meta)).resolves.toMatchObject({ id: person.id });
    expect(await actions(person.id)).toContain('user.unlocked');
  });
});
