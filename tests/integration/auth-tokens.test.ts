import { and, count, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { POST as logoutPOST } from '@/app/api/v1/auth/logout/route';
import { POST as refreshPOST } from '@/app/api/v1/auth/refresh/route';
import { POST as tokenPOST } from '@/app/api/v1/auth/token/route';
import { GET as meGET } from '@/app/api/v1/me/route';
import { getDb } from '@/db/client';
import { auditEvents, refreshTokens, sessions } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { setClock } from '@/lib/platform/clock';
import { call, createUserWithSession, unique } from '../support/fixtures';

// Bearer tokens for external clients: POST /api/v1/auth/token | refresh | logout, used on GET /api/v1/me.
const PASSWORD = 'correct horse battery staple';
const BASE = 'http://localhost/api/v1/auth';
const ip = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

afterEach(() => setClock());

async function newUser(options: { verified?: boolean } = {}) {
  const db = await getDb();
  const email = `tok-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: 'Tess Token', password: PASSWORD, verified: options.verified ?? true });
  return { ...user, email };
}

const token = (body: unknown, headers: Record<string, string> = {}) =>
  call(tokenPOST, { method: 'POST', url: `${BASE}/token`, body, headers: { 'x-forwarded-for': ip(), ...headers } });
const refresh = (refreshToken: string) => call(refreshPOST, { method: 'POST', url: `${BASE}/refresh`, body: { refreshToken } });
const me = (accessToken: string) => call(meGET, { url: 'http://localhost/api/v1/me', headers: { authorization: `Bearer ${accessToken}` } });

async function signIn() {
  const user = await newUser();
  const res = await token({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { user, pair: res.json as { accessToken: string; refreshToken: string } };
}

async function sessionRows(userId: string) {
  const db = await getDb();
  return db.select().from(sessions).where(eq(sessions.userId, userId));
}

async function platformEvents(targetId: string) {
  const db = await getDb();
  return db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, targetId)))
    .orderBy(auditEvents.seq);
}

describe('POST /api/v1/auth/token', () => {
  it('answers a token pair and starts a token session', async () => {
    const user = await newUser();
    const res = await token({ email: user.email.toUpperCase(), password: PASSWORD }, { 'user-agent': 'acme-client/1.0' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toEqual({
      accessToken: expect.stringMatching(/^eyJ/),
      refreshToken: expect.stringMatching(/^crt_[A-Za-z0-9_-]{43}$/),
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: user.id, email: user.email, name: 'Tess Token' },
    });
    const rows = await sessionRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'token', userAgent: 'acme-client/1.0', revokedAt: null });
    // Only a hash of the refresh token is stored.
    const db = await getDb();
    const stored = await db.select().from(refreshTokens).where(eq(refreshTokens.sessionId, rows[0].id));
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(res.json.refreshToken);
    expect(stored[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a wrong password and an unknown email the same 401', async () => {
    const user = await newUser();
    const wrong = await token({ email: user.email, password: 'not the password' });
    const unknown = await token({ email: `nobody-${unique()}@test.custos`, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { requestId: _a, ...wrongBody } = wrong.json;
    const { requestId: _b, ...unknownBody } = unknown.json;
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody).toMatchObject({ code: 'unauthenticated', detail: 'The email or password is incorrect.' });
    expect(await sessionRows(user.id)).toHaveLength(0);
  });

  it('refuses an unverified email with 403 email_unverified', async () => {
    const user = await newUser({ verified: false });
    const res = await token({ email: user.email, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('email_unverified');
    expect(await sessionRows(user.id)).toHaveLength(0);
  });

  it('locks the account after five failures: the sixth attempt is 429 with Retry-After, even with the right password', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) expect((await token({ email: user.email, password: `wrong-${i}` })).status).toBe(401);
    const locked = await token({ email: user.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.json.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await sessionRows(user.id)).toHaveLength(0);
  });

  it('answers 400 naming the bad field and writes nothing', async () => {
    const user = await newUser();
    const badEmail = await token({ email: 'not-an-email', password: PASSWORD });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json.code).toBe('validation_failed');
    expect(badEmail.json.errors.map((e: { path: string }) => e.path)).toContain('email');
    const extra = await token({ email: user.email, password: PASSWORD, remember: true });
    expect(extra.status).toBe(400);
    expect(extra.json.errors.map((e: { path: string }) => e.path)).toContain('remember');
    const missing = await token({ email: user.email });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toContain('password');
    expect(await sessionRows(user.id)).toHaveLength(0);
    expect(await platformEvents(user.id)).toEqual([]);
  });
});

describe('bearer access tokens', () => {
  it('resolve to the user on GET /api/v1/me', async () => {
    const { user, pair } = await signIn();
    const res = await me(pair.accessToken);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: user.id, email: user.email });
  });

  it('refuse anything else: garbage, a refresh token, an unknown API key, a bad scheme, a forged signature', async () => {
    const { pair } = await signIn();
    expect((await me('garbage')).status).toBe(401);
    expect((await me(pair.refreshToken)).status).toBe(401);
    expect((await me(`ck_${unique()}${unique()}`)).status).toBe(401);
    const [header, payload] = pair.accessToken.split('.');
    expect((await me(`${header}.${payload}.${'A'.repeat(43)}`)).status).toBe(401);
    const basic = await call(meGET, { url: 'http://localhost/api/v1/me', headers: { authorization: `Basic ${pair.accessToken}` } });
    expect(basic.status).toBe(401);
  });

  it('a bad bearer is refused even with a valid cookie alongside', async () => {
    const person = await createUserWithSession('both');
    const res = await call(meGET, { url: 'http://localhost/api/v1/me', cookie: person.cookie, headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
  });

  it('expire after 15 minutes', async () => {
    const { pair } = await signIn();
    setClock({ advanceMs: 14 * 60 * 1000 });
    expect((await me(pair.accessToken)).status).toBe(200);
    setClock({ advanceMs: 2 * 60 * 1000 });
    expect((await me(pair.accessToken)).status).toBe(401);
  });
});

describe('POST /api/v1/auth/refresh', () => {
  it('rotates: a new pair for the same session, the old refresh token spent', async () => {
    const { user, pair } = await signIn();
    const res = await refresh(pair.refreshToken);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: user.id } });
    expect(res.json.refreshToken).not.toBe(pair.refreshToken);
    expect(res.json.accessToken).not.toBe(pair.accessToken);
    expect((await me(res.json.accessToken)).status).toBe(200);
    const rows = await sessionRows(user.id);
    expect(rows).toHaveLength(1);
    const db = await getDb();
    const tokens = await db.select().from(refreshTokens).where(eq(refreshTokens.sessionId, rows[0].id));
    expect(tokens.filter((t) => t.usedAt === null)).toHaveLength(1);
    expect(tokens).toHaveLength(2);
  });

  it('a spent refresh token presented again revokes the whole family', async () => {
    const { user, pair } = await signIn();
    const rotated = await refresh(pair.refreshToken);
    expect(rotated.status).toBe(200);

    const replay = await refresh(pair.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.json.code).toBe('unauthenticated');
    // The newer refresh token and every access token of the session are refused too.
    expect((await refresh(rotated.json.refreshToken)).status).toBe(401);
    expect((await me(rotated.json.accessToken)).status).toBe(401);
    expect((await me(pair.accessToken)).status).toBe(401);

    const [row] = await sessionRows(user.id);
    expect(row.revokedAt).not.toBeNull();
    expect((await platformEvents(row.id)).map((e) => e.action)).toEqual(['session.refresh_reused']);
  });

  it('of two concurrent uses of one refresh token at most one wins', async () => {
    const { pair } = await signIn();
    const results = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a refresh token after 30 days', async () => {
    const { pair } = await signIn();
    setClock({ advanceMs: 31 * 24 * 60 * 60 * 1000 });
    const res = await refresh(pair.refreshToken);
    expect(res.status).toBe(401);
    expect(res.json.detail).toMatch(/expired/);
  });

  it('refuses an unknown refresh token and bad input', async () => {
    expect((await refresh(`crt_${'x'.repeat(43)}`)).status).toBe(401);
    const bad = await call(refreshPOST, { method: 'POST', url: `${BASE}/refresh`, body: { token: 'crt_abc' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['refreshToken']));
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('with a refresh token: 204, and the session and all its tokens stop working', async () => {
    const { user, pair } = await signIn();
    const res = await call(logoutPOST, { method: 'POST', url: `${BASE}/logout`, body: { refreshToken: pair.refreshToken } });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();
    expect((await me(pair.accessToken)).status).toBe(401);
    expect((await refresh(pair.refreshToken)).status).toBe(401);
    const [row] = await sessionRows(user.id);
    expect(row.revokedAt).not.toBeNull();
    expect((await platformEvents(row.id)).map((e) => e.action)).toEqual(['user.signed_out']);
  });

  it('without a body: ends the session of the bearer token', async () => {
    const { pair } = await signIn();
    const res = await call(logoutPOST, {
      method: 'POST',
      url: `${BASE}/logout`,
      headers: { authorization: `Bearer ${pair.accessToken}` },
    });
    expect(res.status).toBe(204);
    expect((await me(pair.accessToken)).status).toBe(401);
    expect((await refresh(pair.refreshToken)).status).toBe(401);
  });

  it('is 204 for an unknown token or no credentials at all, and 400 for bad input', async () => {
    const unknown = await call(logoutPOST, { method: 'POST', url: `${BASE}/logout`, body: { refreshToken: `crt_${'y'.repeat(43)}` } });
    expect(unknown.status).toBe(204);
    expect((await call(logoutPOST, { method: 'POST', url: `${BASE}/logout` })).status).toBe(204);
    const bad = await call(logoutPOST, { method: 'POST', url: `${BASE}/logout`, body: { refreshToken: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('refreshToken');
  });
});

describe('token sessions', () => {
  it('count as sessions: one row per token sign-in, kind token', async () => {
    const user = await newUser();
    await token({ email: user.email, password: PASSWORD });
    await token({ email: user.email, password: PASSWORD });
    const db = await getDb();
    const [{ n }] = await db
      .select({ n: count() })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), eq(sessions.kind, 'token')));
    expect(n).toBe(2);
  });
});

describe('token endpoints and Idempotency-Key', () => {
  it('never replays a refresh: a spent refresh token sent again with the same key still revokes the family', async () => {
    const token = tokenPOST;
    const refresh = refreshPOST;
    const email = `idem-${unique()}@test.custos`;
    await insertUser(await getDb(), { email, name: 'Idem', password: 'a long enough password', verified: true });
    const pair = await call(token, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/token',
      body: { email, password: 'a long enough password' },
      headers: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.1` },
    });
    expect(pair.status).toBe(200);
    const headers = { 'idempotency-key': `refresh-${unique()}` };
    const first = await call(refresh, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/refresh',
      body: { refreshToken: pair.json.refreshToken },
      headers,
    });
    expect(first.status).toBe(200);
    const again = await call(refresh, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/refresh',
      body: { refreshToken: pair.json.refreshToken },
      headers,
    });
    expect(again.status).toBe(401);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    // The family is gone: the token from the first refresh no longer works either.
    const next = await call(refresh, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/refresh',
      body: { refreshToken: first.json.refreshToken },
    });
    expect(next.status).toBe(401);
  });
});
