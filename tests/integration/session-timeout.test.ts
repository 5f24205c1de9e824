import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as GET_TENANT } from '@/app/api/v1/tenants/[tenant]/route';
import { PATCH as PATCH_TENANT } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { sessions } from '@/db/schema';
import { call, createTenantWithMembers, type TestTenant, type TestUser } from '../support/fixtures';

// The tenant setting `sessionTimeoutMinutes`: a session idle for longer than the tenant allows is refused on that
// tenant (401) and ended, so the person signs in again; an active one is not.
let t: TestTenant;
beforeAll(async () => {
  t = await createTenantWithMembers();
  const res = await call(PATCH_TENANT, {
    method: 'PATCH',
    url: `http://localhost/api/v1/tenants/${t.slug}`,
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { settings: { sessionTimeoutMinutes: 15 } },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

const getTenant = (user: TestUser) =>
  call(GET_TENANT, { url: `http://localhost/api/v1/tenants/${t.slug}`, params: { tenant: t.slug }, cookie: user.cookie });

async function lastSeen(user: TestUser, minutesAgo: number) {
  const db = await getDb();
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now() - make_interval(mins => ${minutesAgo})` })
    .where(eq(sessions.id, user.sessionId));
}

async function revokedAt(user: TestUser) {
  const db = await getDb();
  return (await db.select({ revokedAt: sessions.revokedAt }).from(sessions).where(eq(sessions.id, user.sessionId)))[0].revokedAt;
}

describe('session idle timeout per tenant', () => {
  it('lets a session seen within the timeout through, and keeps it alive', async () => {
    await lastSeen(t.users.viewer, 14);
    expect((await getTenant(t.users.viewer)).status).toBe(403); // viewer lacks tenant.read: authenticated, not timed out
    await lastSeen(t.users.manager, 14);
    expect((await getTenant(t.users.manager)).status).toBe(200);
    expect(await revokedAt(t.users.manager)).toBeNull();
    expect((await getTenant(t.users.manager)).status).toBe(200);
  });

  it('refuses a session idle past the timeout with 401 and ends it', async () => {
    await lastSeen(t.users.qa, 16);
    const res = await getTenant(t.users.qa);
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('unauthenticated');
    expect(res.json.detail).toMatch(/idle for more than 15 minutes/);
    expect(await revokedAt(t.users.qa)).toBeInstanceOf(Date);
    // The session stays ended even though it was just "seen".
    expect((await getTenant(t.users.qa)).status).toBe(401);
  });

  it('uses the default (8 hours) where the tenant sets none', async () => {
    const other = await createTenantWithMembers();
    await lastSeen(other.users.admin, 7 * 60);
    const ok = await call(GET_TENANT, { url: 'http://localhost/x', params: { tenant: other.slug }, cookie: other.users.admin.cookie });
    expect(ok.status).toBe(200);
    await lastSeen(other.users.admin, 8 * 60 + 1);
    const idle = await call(GET_TENANT, { url: 'http://localhost/x', params: { tenant: other.slug }, cookie: other.users.admin.cookie });
    expect(idle.status).toBe(401);
  });
});
