import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POST as tokenPOST } from '@/app/api/v1/auth/token/route';
import { POST as refreshPOST } from '@/app/api/v1/auth/refresh/route';
import { GET as meGET } from '@/app/api/v1/me/route';
import { DELETE as revokeDELETE } from '@/app/api/v1/me/sessions/[id]/route';
import { GET as listGET } from '@/app/api/v1/me/sessions/route';
import { getDb } from '@/db/client';
import { auditEvents, sessions } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { call, createUserWithSession, unique, type TestUser } from '../support/fixtures';

// "Your sessions": GET /api/v1/me/sessions and DELETE /api/v1/me/sessions/{id}.
const LIST = 'http://localhost/api/v1/me/sessions';
const list = (auth: { cookie?: string; bearer?: string }) =>
  call(listGET, { url: LIST, cookie: auth.cookie, headers: auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {} });
const revoke = (id: string, auth: { cookie?: string; bearer?: string }) =>
  call(revokeDELETE, {
    method: 'DELETE',
    url: `${LIST}/${id}`,
    params: { id },
    cookie: auth.cookie,
    headers: { ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}), 'x-request-id': `revoke-${id}` },
  });
const me = (cookie: string) => call(meGET, { url: 'http://localhost/api/v1/me', cookie });

/** A second browser session of the same person, with its own cookie. */
async function anotherSession(user: TestUser, userAgent = 'Mozilla/5.0 (Macintosh) Firefox/140.0') {
  const db = await getDb();
  const session = await createSession(db, user.id, { ip: '198.51.100.7', userAgent });
  const token = await encodeSessionToken({ id: session.id, userId: user.id });
  return { id: session.id, cookie: `${SESSION_COOKIE}=${token}` };
}

describe('GET /api/v1/me/sessions', () => {
  it('lists live sessions newest first, marking the current one', async () => {
    const user = await createUserWithSession('sess');
    const other = await anotherSession(user);
    const res = await list({ cookie: user.cookie });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json)).toBe(true);
    expect(res.json.map((s: { id: string }) => s.id)).toEqual([other.id, user.sessionId]);
    expect(res.json[1]).toEqual({
      id: user.sessionId,
      kind: 'browser',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      lastSeenAt: expect.stringMatching(/Z$/),
      ip: '127.0.0.1',
      userAgent: 'vitest',
      current: true,
    });
    expect(res.json[0]).toMatchObject({ current: false, ip: '198.51.100.7', userAgent: expect.stringContaining('Firefox') });
    // From the other device, that one is current.
    const fromOther = await list({ cookie: other.cookie });
    expect(fromOther.json.find((s: { current: boolean }) => s.current).id).toBe(other.id);
  });

  it('leaves out revoked and expired sessions and other people’s', async () => {
    const user = await createUserWithSession('sess');
    const stranger = await createUserWithSession('stranger');
    const revoked = await anotherSession(user);
    const db = await getDb();
    await db
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(eq(sessions.id, revoked.id));
    const expired = await createSession(db, user.id, { ip: '10.0.0.1' }, 1);
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(sessions.id, expired.id));
    const res = await list({ cookie: user.cookie });
    expect(res.json.map((s: { id: string }) => s.id)).toEqual([user.sessionId]);
    expect(res.json.map((s: { id: string }) => s.id)).not.toContain(stranger.sessionId);
  });

  it('includes API token sessions, current when called with that token', async () => {
    const db = await getDb();
    const email = `sess-tok-${unique()}@test.custos`;
    const password = 'correct horse battery staple';
    await insertUser(db, { email, name: 'Tok', password, verified: true });
    const pair = await call(tokenPOST, { method: 'POST', url: 'http://localhost/api/v1/auth/token', body: { email, password } });
    expect(pair.status).toBe(200);
    const res = await list({ bearer: pair.json.accessToken });
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    expect(res.json[0]).toMatchObject({ kind: 'token', current: true });
  });

  it('is 401 without credentials', async () => {
    const res = await list({});
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');
  });
});

describe('DELETE /api/v1/me/sessions/{id}', () => {
  it('revokes one of your sessions: its cookie is refused on the next request, and the revocation is audited', async () => {
    const user = await createUserWithSession('rev');
    const other = await anotherSession(user);
    expect((await me(other.cookie)).status).toBe(200);

    const res = await revoke(other.id, { cookie: user.cookie });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();
    expect((await me(other.cookie)).status).toBe(401);
    expect((await me(user.cookie)).status).toBe(200);
    expect((await list({ cookie: user.cookie })).json.map((s: { id: string }) => s.id)).toEqual([user.sessionId]);

    const db = await getDb();
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, other.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'session.revoked',
      actorType: 'user',
      actorId: user.id,
      targetType: 'session',
      requestId: `revoke-${other.id}`,
    });
    // Revoking it again: it is no longer a live session.
    expect((await revoke(other.id, { cookie: user.cookie })).status).toBe(404);
  });

  it('can end the current session: the cookie stops working', async () => {
    const user = await createUserWithSession('self');
    expect((await revoke(user.sessionId, { cookie: user.cookie })).status).toBe(204);
    expect((await me(user.cookie)).status).toBe(401);
  });

  it('revoking a token session stops its refresh token too', async () => {
    const db = await getDb();
    const email = `rev-tok-${unique()}@test.custos`;
    const password = 'correct horse battery staple';
    await insertUser(db, { email, name: 'Tok', password, verified: true });
    const pair = await call(tokenPOST, { method: 'POST', url: 'http://localhost/api/v1/auth/token', body: { email, password } });
    const [tokenSession] = (await list({ bearer: pair.json.accessToken })).json;
    // Revoked from a browser session of the same person.
    const [row] = await db.select({ id: sessions.userId }).from(sessions).where(eq(sessions.id, tokenSession.id));
    const browser = await createSession(db, row.id, { ip: '127.0.0.1' });
    const cookie = `${SESSION_COOKIE}=${await encodeSessionToken({ id: browser.id, userId: row.id })}`;
    expect((await revoke(tokenSession.id, { cookie })).status).toBe(204);
    const refreshed = await call(refreshPOST, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/refresh',
      body: { refreshToken: pair.json.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    expect((await list({ bearer: pair.json.accessToken })).status).toBe(401);
  });

  it("is 404 for someone else's session and changes nothing", async () => {
    const user = await createUserWithSession('rev');
    const stranger = await createUserWithSession('victim');
    const res = await revoke(stranger.sessionId, { cookie: user.cookie });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
    expect((await me(stranger.cookie)).status).toBe(200);
  });

  it('is 400 for an id that is not a UUID, 404 for an unknown one, 401 without credentials', async () => {
    const user = await createUserWithSession('rev');
    const bad = await revoke('not-a-uuid', { cookie: user.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.id');
    expect((await revoke('00000000-0000-4000-8000-000000000000', { cookie: user.cookie })).status).toBe(404);
    expect((await revoke(user.sessionId, {})).status).toBe(401);
    expect((await me(user.cookie)).status).toBe(200);
  });
});
