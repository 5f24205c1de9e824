import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { GET as cleanupCron } from '@/app/api/cron/cleanup-inactive-users/route';
import { GET as purgeCron, POST as purgeCronPost } from '@/app/api/cron/purge-expired/route';
import { getDb } from '@/db/client';
import {
  auditEvents,
  emailTokens,
  kvEntries,
  memberships,
  refreshTokens,
  sessions,
  signInChallenges,
  users,
  webauthnChallenges,
} from '@/db/schema';
import { cleanupInactiveUsers } from '@/lib/auth/cleanup-inactive-users';
import { createPlatformAdmin } from '@/lib/auth/create-platform-admin';
import { hashToken } from '@/lib/auth/one-time-token';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { createSession } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { purgeExpired } from '@/lib/platform/purge-expired';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique } from '../support/fixtures';

// Scheduled housekeeping and admin commands: inactive-user cleanup, purge of expired rows, the cron
// routes that run them, and create-platform-admin.
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(Date.now() - ms);
const SECRET = 'cron-secret-for-tests-0123456789';

afterEach(() => {
  setClock();
  delete process.env.CRON_SECRET;
  resetEnv();
});

async function backdate(userId: string, values: { createdAt?: Date; lastSignInAt?: Date | null; emailVerified?: Date | null }) {
  const db = await getDb();
  await db.update(users).set(values).where(eq(users.id, userId));
}

async function exists(userId: string) {
  const db = await getDb();
  return (await db.select({ id: users.id }).from(users).where(eq(users.id, userId))).length === 1;
}

describe('cleanupInactiveUsers', () => {
  it('lists in a dry run and deletes in a real one only inactive non-members who are not admins', async () => {
    const db = await getDb();
    // Candidates: never signed in for 200 days (and never verified); last signed in 180 days ago.
    // (Long periods, so a real run on a shared PostgreSQL never catches another test file's users.)
    const neverSignedIn = await createUserWithSession('never');
    await backdate(neverSignedIn.id, { createdAt: ago(200 * DAY), emailVerified: null });
    const lapsed = await createUserWithSession('lapsed');
    await backdate(lapsed.id, { createdAt: ago(400 * DAY), lastSignInAt: ago(180 * DAY) });
    // Kept: recent sign-in on an old account; a platform admin; an active member; a removed member.
    const recent = await createUserWithSession('recent');
    await backdate(recent.id, { createdAt: ago(400 * DAY), lastSignInAt: ago(10 * DAY) });
    const admin = await createUserWithSession('old-admin', { platformAdmin: true });
    await backdate(admin.id, { createdAt: ago(400 * DAY) });
    const tenant = await createTenantWithMembers();
    const member = tenant.users.viewer;
    await backdate(member.id, { createdAt: ago(400 * DAY), lastSignInAt: ago(300 * DAY) });
    const leaver = tenant.users.operator;
    await backdate(leaver.id, { createdAt: ago(400 * DAY), lastSignInAt: ago(300 * DAY) });
    await withTenant(tenant.id, (tx) => tx.update(memberships).set({ status: 'removed' }).where(eq(memberships.userId, leaver.id)));

    const mine = [neverSignedIn, lapsed, recent, admin, member, leaver].map((u) => u.id);
    const auditBefore = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, 'users.inactive_deleted'));

    const dry = await cleanupInactiveUsers({ days: 150, dryRun: true });
    expect(dry.dryRun).toBe(true);
    const listed = dry.users.filter((u) => mine.includes(u.id));
    expect(listed.map((u) => u.id).sort()).toEqual([neverSignedIn.id, lapsed.id].sort());
    expect(listed.find((u) => u.id === neverSignedIn.id)).toMatchObject({ verified: false, email: neverSignedIn.email });
    for (const id of mine) expect(await exists(id)).toBe(true);
    const auditAfterDry = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, 'users.inactive_deleted'));
    expect(auditAfterDry.length).toBe(auditBefore.length);

    const real = await cleanupInactiveUsers({ days: 150 });
    expect(real.dryRun).toBe(false);
    expect(real.users.map((u) => u.id)).toEqual(expect.arrayContaining([neverSignedIn.id, lapsed.id]));
    expect(await exists(neverSignedIn.id)).toBe(false);
    expect(await exists(lapsed.id)).toBe(false);
    for (const kept of [recent, admin, member, leaver]) expect(await exists(kept.id), kept.email).toBe(true);
    // Their sessions went with them.
    expect(
      await db
        .select()
        .from(sessions)
        .where(inArray(sessions.id, [neverSignedIn.sessionId, lapsed.sessionId])),
    ).toHaveLength(0);
    // Memberships are untouched.
    const kept = await withTenant(tenant.id, (tx) => tx.select().from(memberships));
    expect(kept.map((m) => m.userId)).toEqual(expect.arrayContaining([member.id, leaver.id]));

    // One platform event for the run: count and ids, no emails.
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, 'users.inactive_deleted'));
    const event = events.find(
      (e) => !auditBefore.some((b) => b.id === e.id) && (e.after as { userIds: string[] }).userIds.includes(lapsed.id),
    )!;
    expect(event).toBeDefined();
    expect(event).toMatchObject({ tenantId: null, actorType: 'system' });
    expect((event.after as { count: number }).count).toBe(real.count);
    expect((event.after as { userIds: string[] }).userIds).toEqual(expect.arrayContaining([neverSignedIn.id, lapsed.id]));
    expect(JSON.stringify(event)).not.toContain('@');
  });

  it('follows the app clock and refuses bad input', async () => {
    const fresh = await createUserWithSession('fresh');
    expect((await cleanupInactiveUsers({ days: 30, dryRun: true })).users.map((u) => u.id)).not.toContain(fresh.id);
    setClock({ advanceMs: 31 * DAY });
    expect((await cleanupInactiveUsers({ days: 30, dryRun: true })).users.map((u) => u.id)).toContain(fresh.id);
    setClock();
    await expect(cleanupInactiveUsers({ days: 0 })).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
    await expect(cleanupInactiveUsers({ days: 'many' })).rejects.toBeInstanceOf(DomainError);
    expect(await exists(fresh.id)).toBe(true);
  });
});

describe('purgeExpired', () => {
  it('deletes spent and long-expired rows, keeps what can still be used, and counts', async () => {
    const db = await getDb();
    const user = await createUserWithSession('purge');
    const token = (label: string) => hashToken(`${label}-${unique()}-${unique()}-${unique()}`);

    // Mail tokens.
    const [usedLongAgo, expiredLongAgo, expiredRecently, live] = await db
      .insert(emailTokens)
      .values([
        { userId: user.id, purpose: 'verify_email', tokenHash: token('a'), expiresAt: ago(-DAY), usedAt: ago(2 * DAY) },
        { userId: user.id, purpose: 'reset_password', tokenHash: token('b'), expiresAt: ago(2 * DAY) },
        { userId: user.id, purpose: 'reset_password', tokenHash: token('c'), expiresAt: ago(60 * 60 * 1000) },
        { userId: user.id, purpose: 'verify_email', tokenHash: token('d'), expiresAt: ago(-DAY) },
      ])
      .returning({ id: emailTokens.id });

    // Sessions: ended long ago (revoked / expired) go; ended recently and live stay.
    const revokedLongAgo = await createSession(db, user.id, { kind: 'token' });
    const expiredLongAgoSession = await createSession(db, user.id, { kind: 'token' });
    const revokedRecently = await createSession(db, user.id, { kind: 'token' });
    const liveSession = await createSession(db, user.id, { kind: 'token' });
    await db
      .update(sessions)
      .set({ revokedAt: ago(31 * DAY) })
      .where(eq(sessions.id, revokedLongAgo.id));
    await db
      .update(sessions)
      .set({ expiresAt: ago(31 * DAY) })
      .where(eq(sessions.id, expiredLongAgoSession.id));
    await db
      .update(sessions)
      .set({ revokedAt: ago(DAY) })
      .where(eq(sessions.id, revokedRecently.id));

    // Refresh tokens: expired → gone; any of an ended session → gone; spent but unexpired of a live session → kept
    // (presenting it again must still revoke the family); live → kept.
    const [expiredRt, ofEndedSession, spentLive, liveRt] = await db
      .insert(refreshTokens)
      .values([
        { sessionId: liveSession.id, tokenHash: token('r1'), expiresAt: ago(60 * 1000) },
        { sessionId: revokedRecently.id, tokenHash: token('r2'), expiresAt: ago(-DAY) },
        { sessionId: liveSession.id, tokenHash: token('r3'), expiresAt: ago(-DAY), usedAt: ago(60 * 1000) },
        { sessionId: liveSession.id, tokenHash: token('r4'), expiresAt: ago(-DAY) },
      ])
      .returning({ id: refreshTokens.id });

    // Challenges (a half-done sign-in, a passkey ceremony): used or expired more than a day ago → gone; live → kept.
    const [, liveSignIn] = await db
      .insert(signInChallenges)
      .values([
        { userId: user.id, tokenHash: token('s1'), kind: 'browser', expiresAt: ago(2 * DAY) },
        { userId: user.id, tokenHash: token('s2'), kind: 'token', expiresAt: ago(-60 * 1000) },
      ])
      .returning({ id: signInChallenges.id });
    const [, liveWebauthn] = await db
      .insert(webauthnChallenges)
      .values([
        { purpose: 'registration', userId: user.id, challenge: 'old', expiresAt: ago(-60 * 1000), usedAt: ago(2 * DAY) },
        { purpose: 'authentication', userId: null, challenge: 'live', expiresAt: ago(-60 * 1000) },
      ])
      .returning({ id: webauthnChallenges.id });

    // kv entries: one expired, one live.
    const expiredKey = `test:purge:${unique()}`;
    const liveKey = `test:purge:${unique()}`;
    await db.insert(kvEntries).values([
      { key: expiredKey, value: 1, expiresAt: ago(1000) },
      { key: liveKey, value: 2, expiresAt: ago(-DAY) },
    ]);

    // On a shared PostgreSQL another file's purge (the schedules test runs real ones) may delete these rows first, so
    // there the rows' state below is the proof; the counts are checked exactly on this file's own PGlite.
    const counts = await purgeExpired();
    expect(
      (await db.select({ id: signInChallenges.id }).from(signInChallenges).where(eq(signInChallenges.userId, user.id))).map((r) => r.id),
    ).toEqual([liveSignIn.id]);
    expect(
      (await db.select({ id: webauthnChallenges.id }).from(webauthnChallenges).where(eq(webauthnChallenges.userId, user.id))).map(
        (r) => r.id,
      ),
    ).toEqual([]);
    expect(
      (await db.select({ id: webauthnChallenges.id }).from(webauthnChallenges).where(eq(webauthnChallenges.id, liveWebauthn.id))).length,
    ).toBe(1);

    const tokenIds = (await db.select({ id: emailTokens.id }).from(emailTokens).where(eq(emailTokens.userId, user.id))).map((r) => r.id);
    expect(tokenIds.sort()).toEqual([expiredRecently.id, live.id].sort());
    expect(tokenIds).not.toContain(usedLongAgo.id);
    expect(tokenIds).not.toContain(expiredLongAgo.id);

    const sessionIds = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id))).map((r) => r.id);
    expect(sessionIds.sort()).toEqual([user.sessionId, revokedRecently.id, liveSession.id].sort());

    const rtIds = (
      await db
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .where(inArray(refreshTokens.id, [expiredRt.id, ofEndedSession.id, spentLive.id, liveRt.id]))
    ).map((r) => r.id);
    expect(rtIds.sort()).toEqual([spentLive.id, liveRt.id].sort());

    const keys = (
      await db
        .select({ key: kvEntries.key })
        .from(kvEntries)
        .where(inArray(kvEntries.key, [expiredKey, liveKey]))
    ).map((r) => r.key);
    expect(keys).toEqual([liveKey]);

    if (!process.env.DATABASE_URL) {
      // On this file's own database the counts are exact, and a second run finds nothing.
      expect(counts).toEqual({ emailTokens: 2, sessions: 2, refreshTokens: 2, challenges: 2, providerRecords: 0, kvEntries: 1 });
      expect(await purgeExpired()).toEqual({
        emailTokens: 0,
        sessions: 0,
        refreshTokens: 0,
        challenges: 0,
        providerRecords: 0,
        kvEntries: 0,
      });
    }
  });
});

describe('cron routes', () => {
  const cleanupUrl = (query = '') => `http://localhost/api/cron/cleanup-inactive-users${query}`;
  const purgeUrl = 'http://localhost/api/cron/purge-expired';

  it('do not exist without CRON_SECRET (404)', async () => {
    delete process.env.CRON_SECRET;
    resetEnv();
    expect((await call(cleanupCron, { url: cleanupUrl(), headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(404);
    expect((await call(purgeCron, { url: purgeUrl, headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(404);
  });

  it('refuse a missing or wrong bearer (401) and run with the right one', async () => {
    process.env.CRON_SECRET = SECRET;
    resetEnv();
    for (const handler of [cleanupCron, purgeCron]) {
      const url = handler === purgeCron ? purgeUrl : cleanupUrl('?dryRun=1');
      expect((await call(handler, { url })).status).toBe(401);
      const wrong = await call(handler, { url, headers: { authorization: `Bearer ${SECRET}x` } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.code).toBe('unauthenticated');
      expect((await call(handler, { url, headers: { authorization: SECRET } })).status).toBe(401);
    }

    const purged = await call(purgeCron, { url: purgeUrl, headers: { authorization: `Bearer ${SECRET}` } });
    expect(purged.status).toBe(200);
    expect(purged.json).toEqual({
      emailTokens: expect.any(Number),
      sessions: expect.any(Number),
      refreshTokens: expect.any(Number),
      challenges: expect.any(Number),
      providerRecords: expect.any(Number),
      kvEntries: expect.any(Number),
    });
    expect((await call(purgeCronPost, { method: 'POST', url: purgeUrl, headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(200);

    // Days from ?days= (default 90); ids only, never emails.
    const stale = await createUserWithSession('cron-stale');
    await backdate(stale.id, { createdAt: ago(400 * DAY) });
    const byDefault = await call(cleanupCron, { url: cleanupUrl('?dryRun=1'), headers: { authorization: `Bearer ${SECRET}` } });
    expect(byDefault.status).toBe(200);
    expect(byDefault.json).toMatchObject({ dryRun: true, days: 90 });
    expect(byDefault.json.userIds).toContain(stale.id);
    expect(JSON.stringify(byDefault.json)).not.toContain('@');
    expect(await exists(stale.id)).toBe(true);

    const longer = await call(cleanupCron, { url: cleanupUrl('?days=500&dryRun=1'), headers: { authorization: `Bearer ${SECRET}` } });
    expect(longer.json).toMatchObject({ dryRun: true, days: 500 });
    expect(longer.json.userIds).not.toContain(stale.id);

    const real = await call(cleanupCron, { url: cleanupUrl('?days=300'), headers: { authorization: `Bearer ${SECRET}` } });
    expect(real.status).toBe(200);
    expect(real.json).toMatchObject({ dryRun: false, days: 300 });
    expect(real.json.userIds).toContain(stale.id);
    expect(await exists(stale.id)).toBe(false);

    const bad = await call(cleanupCron, { url: cleanupUrl('?days=soon'), headers: { authorization: `Bearer ${SECRET}` } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('validation_failed');
  });
});

describe('create-platform-admin', () => {
  const PASSWORD = 'platform-admin-password-1';

  it('creates a verified platform admin with the password, audited', async () => {
    const email = `Root-${unique()}@Example.test`;
    const result = await createPlatformAdmin({ email, name: 'Root Person' }, () => PASSWORD);
    expect(result).toMatchObject({ outcome: 'created', email: email.toLowerCase(), passwordSet: true });
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, result.id));
    expect(row).toMatchObject({ isPlatformAdmin: true, name: 'Root Person' });
    expect(row.emailVerified).not.toBeNull();
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, result.id), eq(auditEvents.action, 'user.platform_admin_granted')));
    expect(event).toMatchObject({ tenantId: null, actorType: 'system', actorId: 'cli', after: { isPlatformAdmin: true, created: true } });

    const again = await createPlatformAdmin({ email }, () => {
      throw new Error('no password needed');
    });
    expect(again).toMatchObject({ id: result.id, outcome: 'already_admin' });
  });

  it('promotes an existing verified account without touching its password', async () => {
    const user = await createUserWithSession('promote');
    const db = await getDb();
    await db
      .update(users)
      .set({ passwordHash: await hashPassword('their-own-password-9') })
      .where(eq(users.id, user.id));
    let asked = false;
    const result = await createPlatformAdmin({ email: user.email.toUpperCase() }, () => {
      asked = true;
      return PASSWORD;
    });
    expect(result).toMatchObject({ id: user.id, outcome: 'promoted', passwordSet: false });
    expect(asked).toBe(false);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.isPlatformAdmin).toBe(true);
    expect(await verifyPassword(row.passwordHash, 'their-own-password-9')).toBe(true);
    const [live] = await db.select().from(sessions).where(eq(sessions.id, user.sessionId));
    expect(live.revokedAt).toBeNull();
  });

  it('takes over an unverified account: replaces its password, verifies it and ends its sessions', async () => {
    const squatter = await createUserWithSession('squatter');
    const db = await getDb();
    await db
      .update(users)
      .set({ emailVerified: null, passwordHash: await hashPassword('squatters-password-7') })
      .where(eq(users.id, squatter.id));
    const result = await createPlatformAdmin({ email: squatter.email }, () => PASSWORD);
    expect(result).toMatchObject({ id: squatter.id, outcome: 'promoted', passwordSet: true });
    const [row] = await db.select().from(users).where(eq(users.id, squatter.id));
    expect(row.isPlatformAdmin).toBe(true);
    expect(row.emailVerified).not.toBeNull();
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, 'squatters-password-7')).toBe(false);
    const [session] = await db.select().from(sessions).where(eq(sessions.id, squatter.sessionId));
    expect(session.revokedAt).not.toBeNull();
  });

  it('enforces the password policy and the email format, creating nothing', async () => {
    const email = `weak-${unique()}@example.test`;
    await expect(createPlatformAdmin({ email }, () => 'password')).rejects.toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([expect.objectContaining({ path: 'password' })]),
    });
    await expect(createPlatformAdmin({ email: 'not an email' }, () => PASSWORD)).rejects.toMatchObject({ code: 'validation_failed' });
    const db = await getDb();
    expect(
      await db
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`),
    ).toHaveLength(0);
  });
});
