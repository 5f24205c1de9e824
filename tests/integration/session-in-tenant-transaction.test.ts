import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { encodeSessionToken, presentedSessionCookie, revokeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/auth/session';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';

// A tenant route reads the caller's session inside the tenant's own transaction (lib/tenancy/tenant-context.ts
// withSessionTenantContext), in the round trip of the member's access. Nothing is remembered between requests: what
// another instance changes in the database (a revoked session, a deactivated account) applies on the next request.
let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
});

const get = (slug: string, cookie: string) =>
  call(GET, { url: `http://localhost/api/v1/tenants/${slug}`, params: { tenant: slug }, cookie });

describe('the session read in the tenant transaction', () => {
  it('lets a live session in and keeps its lastSeenAt to the minute', async () => {
    const db = await getDb();
    const { sessionId, cookie } = acme.users.manager;
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '5 minutes'` })
      .where(eq(sessions.id, sessionId));
    const res = await get(acme.slug, cookie);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ slug: acme.slug });
    const [row] = await db.select({ lastSeenAt: sessions.lastSeenAt }).from(sessions).where(eq(sessions.id, sessionId));
    expect(Date.now() - row.lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it('refuses a session revoked since the last request with 401, on a known and on an unknown tenant', async () => {
    const { sessionId, cookie } = acme.users.qa;
    expect((await get(acme.slug, cookie)).status).toBe(200);
    expect((await get('no-such-tenant-here', cookie)).status).toBe(404); // live session, no such tenant: 404
    await revokeSession(await getDb(), sessionId);
    const refused = await get(acme.slug, cookie);
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('unauthenticated');
    expect((await get('no-such-tenant-here', cookie)).status).toBe(401); // not live: 401 whatever the tenant
  });

  it('refuses the session of an account deactivated since the last request', async () => {
    const db = await getDb();
    const { id, cookie } = acme.users.operator;
    expect((await get(acme.slug, cookie)).status).toBe(403); // operators lack tenant.read: in, but refused
    await db
      .update(users)
      .set({ deactivatedAt: sql`now()` })
      .where(eq(users.id, id));
    expect((await get(acme.slug, cookie)).status).toBe(401);
  });

  it('refuses a cookie that does not decode with 401', async () => {
    expect((await get(acme.slug, 'authjs.session-token=not-a-token')).status).toBe(401);
  });

  // A cookie is decrypted once per process and then remembered (lib/auth/verified-token-memo.ts): the memory must
  // never honour what a fresh decryption would refuse (its expiry: tests/unit/verified-token-memo.test.ts).
  it('a remembered cookie is not taken under the other cookie name, and its session still ends on revocation', async () => {
    const { sessionId, userId } = await liveSessionOf(acme.users.manager.sessionId);
    const token = await encodeSessionToken({ id: sessionId, userId }, { maxAgeSeconds: 120 });
    expect((await get(acme.slug, `${SESSION_COOKIE}=${token}`)).status).toBe(200);
    expect((await get(acme.slug, `${SESSION_COOKIE}=${token}`)).status).toBe(200); // remembered
    // The same text under the secure cookie's name was encrypted for the other name: it does not decode there.
    expect((await get(acme.slug, `${SECURE_SESSION_COOKIE}=${token}`)).status).toBe(401);
    const request = new Request('http://localhost/', { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(await presentedSessionCookie(request)).toEqual({ presented: 'session', sessionId, userId });
    await revokeSession(await getDb(), sessionId);
    expect(await presentedSessionCookie(request)).not.toBeNull(); // the claims are remembered, the session is not:
    expect((await get(acme.slug, `${SESSION_COOKIE}=${token}`)).status).toBe(401);
  });
});

async function liveSessionOf(sessionId: string): Promise<{ sessionId: string; userId: string }> {
  const [row] = await (await getDb()).select({ userId: sessions.userId }).from(sessions).where(eq(sessions.id, sessionId));
  return { sessionId, userId: row.userId };
}
