import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as exportRoute from '@/app/api/v1/tenants/[tenant]/members/export/route';
import { GET as listBatchesRoute } from '@/app/api/v1/tenants/[tenant]/batches/route';
import { GET as listMembersRoute } from '@/app/api/v1/tenants/[tenant]/members/route';
import { PATCH as patchTenantRoute } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { auditEvents, memberRoles, memberships, sessions } from '@/db/schema';
import { revokeSession } from '@/lib/auth/session';
import { predictionStats } from '@/lib/tenancy/predicted-session-facts';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant, type TestUser } from '../support/fixtures';

// A GET by session starts its handler on the facts the session's last request in the tenant found, while the facts
// are read afresh in the same round trip (lib/tenancy/predicted-session-facts.ts, lib/tenancy/tenant-context.ts).
// The answer is given only when the fresh facts are those predicted; otherwise the transaction is rolled back and
// the request runs again. Here another "instance" changes the database between two reads (a role taken away, a
// session revoked, a membership suspended, the session seen later): each read answers as a fresh read would, a
// missed run leaves nothing written, and a prediction that holds gives the same answer as a fresh read.
let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
});

const listMembers = (as: TestUser) =>
  call(listMembersRoute, { url: `http://localhost/api/v1/tenants/${acme.slug}/members`, params: { tenant: acme.slug }, cookie: as.cookie });

const listBatches = (as: TestUser) =>
  call(listBatchesRoute, { url: `http://localhost/api/v1/tenants/${acme.slug}/batches`, params: { tenant: acme.slug }, cookie: as.cookie });

const exportMembers = (as: TestUser, requestId: string) =>
  call(exportRoute.GET, {
    url: `http://localhost/api/v1/tenants/${acme.slug}/members/export?format=json`,
    params: { tenant: acme.slug },
    cookie: as.cookie,
    headers: { 'x-request-id': requestId },
  });

const membershipOf = async (user: TestUser) => {
  const [row] = await withTenant(acme.id, (tx) =>
    tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, acme.id), eq(memberships.userId, user.id))),
  );
  return row.id;
};

describe('a read by session started on predicted facts', () => {
  it('answers as a fresh read does when the facts still hold', async () => {
    // A session's first request in a tenant records the member's activity (daily): the facts its second read
    // finds differ from the first's by that. From then on they hold.
    expect((await listMembers(acme.users.manager)).status).toBe(200);
    const first = await listMembers(acme.users.manager);
    expect(first.status).toBe(200);
    const before = predictionStats();
    const second = await listMembers(acme.users.manager);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const after = predictionStats();
    expect(after.held).toBe(before.held + 1);
    expect(after.missed).toBe(before.missed);
  });

  it('a role taken away since the last read: the prediction misses and the read is refused', async () => {
    const viewer = acme.users.viewer;
    expect((await listBatches(viewer)).status).toBe(200);
    expect((await listBatches(viewer)).status).toBe(200);
    const id = await membershipOf(viewer);
    await withTenant(acme.id, (tx) => tx.delete(memberRoles).where(eq(memberRoles.membershipId, id)));
    const before = predictionStats();
    const refused = await listBatches(viewer);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('forbidden');
    expect(predictionStats().missed).toBe(before.missed + 1);
  });

  it('a session revoked since the last read: 401', async () => {
    const qa = acme.users.qa;
    expect((await listMembers(qa)).status).toBe(200);
    expect((await listMembers(qa)).status).toBe(200);
    await revokeSession(await getDb(), qa.sessionId);
    const before = predictionStats();
    const refused = await listMembers(qa);
    expect(refused.status).toBe(401);
    expect(predictionStats().missed).toBe(before.missed + 1);
  });

  it('a membership suspended since the last read: 403 member_suspended', async () => {
    const admin = acme.users.admin;
    const manager = acme.users.manager;
    expect((await listMembers(manager)).status).toBe(200);
    const id = await membershipOf(manager);
    const before = predictionStats();
    await withTenant(acme.id, (tx) => tx.update(memberships).set({ status: 'suspended' }).where(eq(memberships.id, id)));
    try {
      const refused = await listMembers(manager);
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('member_suspended');
      expect(predictionStats().missed).toBe(before.missed + 1);
      expect((await listMembers(admin)).status).toBe(200); // others are not affected
    } finally {
      await withTenant(acme.id, (tx) => tx.update(memberships).set({ status: 'active' }).where(eq(memberships.id, id)));
    }
    expect((await listMembers(manager)).status).toBe(200);
  });

  it('nothing a missed run wrote is kept: its audit event is rolled back with it, the run again records one', async () => {
    const admin = acme.users.admin;
    expect((await exportMembers(admin, `predict-warm-${Date.now()}`)).status).toBe(200);
    expect((await exportMembers(admin, `predict-warm-${Date.now()}`)).status).toBe(200);
    // The facts move without changing the access: the session was last seen two minutes ago (another instance).
    await (
      await getDb()
    )
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '2 minutes'` })
      .where(eq(sessions.id, admin.sessionId));
    const requestId = `predict-miss-${Date.now()}`;
    const before = predictionStats();
    const res = await exportMembers(admin, requestId);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json)).toBe(true);
    expect(predictionStats().missed).toBe(before.missed + 1);
    const events = await withTenant(acme.id, (tx) =>
      tx
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(and(eq(auditEvents.requestId, requestId), eq(auditEvents.action, 'members.exported'))),
    );
    expect(events).toHaveLength(1);
  });

  it('a write is never started on a prediction', async () => {
    const admin = acme.users.admin;
    expect((await listMembers(admin)).status).toBe(200);
    const before = predictionStats();
    const res = await call(patchTenantRoute, {
      method: 'PATCH',
      url: `http://localhost/api/v1/tenants/${acme.slug}`,
      params: { tenant: acme.slug },
      cookie: admin.cookie,
      body: { name: `Renamed ${acme.slug}` },
    });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe(`Renamed ${acme.slug}`);
    const after = predictionStats();
    expect(after.held + after.missed).toBe(before.held + before.missed);
  });
});
