import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { POST as changePasswordRoute } from '@/app/api/v1/me/password/route';
import { GET as meRoute, PATCH as patchMe } from '@/app/api/v1/me/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, refreshTokens, sessions, users } from '@/db/schema';
import { hashToken } from '@/lib/auth/one-time-token';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { call, createUserWithSession, type TestUser, unique } from '../support/fixtures';

// PATCH /api/v1/me and POST /api/v1/me/password, through the route handlers.
const ME = 'http://localhost/api/v1/me';
const PASSWORD = 'http://localhost/api/v1/me/password';
const OLD_PASSWORD = 'old-custos-password-1';
const NEW_PASSWORD = 'brand-new-custos-password-2';

afterEach(() => {
  setClock();
  resetEnv();
});

async function userWithPassword(label: string): Promise<TestUser> {
  const user = await createUserWithSession(label);
  const db = await getDb();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(OLD_PASSWORD) })
    .where(eq(users.id, user.id));
  return user;
}

/** Another live session of the same person, with a refresh token, as a second device would have. */
async function secondSession(user: TestUser) {
  const db = await getDb();
  const session = await createSession(db, user.id, { kind: 'token', ip: '10.0.0.2', userAgent: 'other-device' });
  const refresh = `rt_${unique()}${unique()}${unique()}`;
  await db
    .insert(refreshTokens)
    .values({ sessionId: session.id, tokenHash: hashToken(refresh), expiresAt: new Date(Date.now() + 86_400_000) });
  const cookie = `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: user.id })}`;
  return { id: session.id, cookie };
}

async function auditOf(userId: string, action: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)));
}

async function storedUser(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

describe('PATCH /api/v1/me', () => {
  it('changes name and description, answers the new me and audits before/after on the platform trail', async () => {
    const user = await createUserWithSession('profile');
    const res = await call(patchMe, {
      method: 'PATCH',
      url: ME,
      cookie: user.cookie,
      headers: { 'x-request-id': `req-profile-${unique()}` },
      body: { name: '  Ada Lovelace ', description: 'Batch records, analytical engines.' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: user.id,
      email: user.email,
      name: 'Ada Lovelace',
      description: 'Batch records, analytical engines.',
    });

    const again = await call(meRoute, { url: ME, cookie: user.cookie });
    expect(again.json).toMatchObject({ name: 'Ada Lovelace', description: 'Batch records, analytical engines.' });

    const events = await auditOf(user.id, 'user.profile_updated');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId: null,
      actorType: 'user',
      actorId: user.id,
      targetType: 'user',
      before: { name: `Test profile`, description: null },
      after: { name: 'Ada Lovelace', description: 'Batch records, analytical engines.' },
    });
    expect(events[0].requestId).toMatch(/^req-profile-/);

    // Only the description: the name stays; an empty description clears it; the diff keeps only what changed.
    const cleared = await call(patchMe, { method: 'PATCH', url: ME, cookie: user.cookie, body: { description: '' } });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ name: 'Ada Lovelace', description: null });
    const after = await auditOf(user.id, 'user.profile_updated');
    expect(after).toHaveLength(2);
    const last = after.find((e) => e.id !== events[0].id)!;
    expect(last.before).toEqual({ description: 'Batch records, analytical engines.' });
    expect(last.after).toEqual({ description: null });

    // Nothing changed: nothing audited.
    await call(patchMe, { method: 'PATCH', url: ME, cookie: user.cookie, body: { name: 'Ada Lovelace' } });
    expect(await auditOf(user.id, 'user.profile_updated')).toHaveLength(2);
  });

  it('is 401 signed out', async () => {
    const res = await call(patchMe, { method: 'PATCH', url: ME, body: { name: 'Nobody' } });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');
  });

  it('is 400 naming each bad field, and writes nothing', async () => {
    const user = await createUserWithSession('profile-bad');
    const before = await storedUser(user.id);
    const res = await call(patchMe, {
      method: 'PATCH',
      url: ME,
      cookie: user.cookie,
      body: { name: '   ', description: 'x'.repeat(501), email: 'new@example.com' },
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    const paths = res.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'description', 'email']));
    expect(res.json.errors.find((e: { path: string }) => e.path === 'name').message).toBe('Enter your name.');

    const tooLong = await call(patchMe, { method: 'PATCH', url: ME, cookie: user.cookie, body: { name: 'n'.repeat(101) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.errors).toEqual([{ path: 'name', message: 'At most 100 characters.' }]);

    const after = await storedUser(user.id);
    expect(after.name).toBe(before.name);
    expect(after.description).toBe(before.description);
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(await auditOf(user.id, 'user.profile_updated')).toHaveLength(0);
  });
});

describe('POST /api/v1/me/password', () => {
  it('refuses a wrong current password with 403 naming currentPassword, and changes nothing', async () => {
    const user = await userWithPassword('pw-wrong');
    const other = await secondSession(user);
    const before = await storedUser(user.id);
    const res = await call(changePasswordRoute, {
      method: 'POST',
      url: PASSWORD,
      cookie: user.cookie,
      body: { currentPassword: 'not-my-password-at-all', newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
    expect(res.json.errors).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);

    expect((await storedUser(user.id)).passwordHash).toBe(before.passwordHash);
    const db = await getDb();
    const [live] = await db.select().from(sessions).where(eq(sessions.id, other.id));
    expect(live.revokedAt).toBeNull();
    expect(await auditOf(user.id, 'user.password_changed')).toHaveLength(0);
    expect(
      await db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.to, user.email), eq(emailOutbox.template, 'passwordChanged'))),
    ).toHaveLength(0);
  });

  it('refuses a weak or reused new password with 400 naming newPassword', async () => {
    const user = await userWithPassword('pw-weak');
    for (const newPassword of ['short', 'password123', OLD_PASSWORD]) {
      const res = await call(changePasswordRoute, {
        method: 'POST',
        url: PASSWORD,
        cookie: user.cookie,
        body: { currentPassword: OLD_PASSWORD, newPassword },
      });
      expect(res.status, newPassword).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect([...new Set(res.json.errors.map((e: { path: string }) => e.path))]).toEqual(['newPassword']);
    }
    expect(await verifyPassword((await storedUser(user.id)).passwordHash, OLD_PASSWORD)).toBe(true);
    const missing = await call(changePasswordRoute, {
      method: 'POST',
      url: PASSWORD,
      cookie: user.cookie,
      body: { newPassword: NEW_PASSWORD },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toEqual(['currentPassword']);
  });

  it('is 401 signed out', async () => {
    const res = await call(changePasswordRoute, {
      method: 'POST',
      url: PASSWORD,
      body: { currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(401);
  });

  it('changes the password, ends the other sessions and spends their refresh tokens, keeps this one, mails and audits', async () => {
    const user = await userWithPassword('pw-ok');
    const other = await secondSession(user);
    const res = await call(changePasswordRoute, {
      method: 'POST',
      url: PASSWORD,
      cookie: user.cookie,
      body: { currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();

    const stored = await storedUser(user.id);
    expect(await verifyPassword(stored.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(stored.passwordHash, OLD_PASSWORD)).toBe(false);

    // This session still works; the other one is refused on its next request.
    expect((await call(meRoute, { url: ME, cookie: user.cookie })).status).toBe(200);
    expect((await call(meRoute, { url: ME, cookie: other.cookie })).status).toBe(401);

    const db = await getDb();
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.find((s) => s.id === user.sessionId)!.revokedAt).toBeNull();
    expect(rows.find((s) => s.id === other.id)!.revokedAt).not.toBeNull();
    const tokens = await db.select().from(refreshTokens).where(eq(refreshTokens.sessionId, other.id));
    expect(tokens).toHaveLength(1);
    expect(tokens[0].usedAt).not.toBeNull();

    const mail = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.to, user.email), eq(emailOutbox.template, 'passwordChanged')));
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain('/forgot-password');

    const events = await auditOf(user.id, 'user.password_changed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, tenantId: null, after: { sessionsEnded: 1 } });
    expect(JSON.stringify(events[0])).not.toContain(NEW_PASSWORD);
  });

  it('answers 429 after repeated wrong current passwords', async () => {
    const user = await userWithPassword('pw-guess');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(changePasswordRoute, {
        method: 'POST',
        url: PASSWORD,
        cookie: user.cookie,
        body: { currentPassword: `guess-number-${i}-wrong`, newPassword: NEW_PASSWORD },
      });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBeTruthy();
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    // Even the right password waits out the window.
    const right = await call(changePasswordRoute, {
      method: 'POST',
      url: PASSWORD,
      cookie: user.cookie,
      body: { currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(right.status).toBe(429);
  });
});
