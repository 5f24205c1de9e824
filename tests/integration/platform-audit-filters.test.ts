import { describe, expect, it } from 'vitest';
import { GET as listEvents } from '@/app/api/v1/admin/audit-events/route';
import { PATCH as changeTenant } from '@/app/api/v1/admin/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { recordPlatformAudit } from '@/lib/audit/record';
import { call, createTenantWithMembers, createUserWithSession } from '../support/fixtures';

const base = 'http://localhost/api/v1/admin';
type Event = { action: string; targetType: string | null; targetId: string | null };

/** The platform trail's record filters (`targetType`, `targetId`): the console's record-type select and tenant filter. */
describe('GET /api/v1/admin/audit-events: targetType and targetId', () => {
  it('keeps one kind of record, or one tenant, and nothing else; bad values are 400 naming the field', async () => {
    const root = await createUserWithSession('root-targets', { platformAdmin: true });
    const a = await createTenantWithMembers('team');
    const b = await createTenantWithMembers('team');
    const change = async (slug: string, body: Record<string, string>) => {
      const res = await call(changeTenant, {
        method: 'PATCH',
        url: `${base}/tenants/${slug}`,
        params: { tenant: slug },
        cookie: root.cookie,
        body,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    };
    await change(a.slug, { status: 'suspended' });
    await change(b.slug, { plan: 'enterprise' });
    await change(a.slug, { status: 'active' });
    const list = async (query: string, cookie: string | undefined = root.cookie) =>
      call(listEvents, { url: `${base}/audit-events?${query}`, cookie });
    const events = async (query: string): Promise<Event[]> => {
      const res = await list(query);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json.data;
    };

    // One tenant: only its own registry events, newest first; the other tenant's never.
    const ofA = await events(`targetType=tenant&targetId=${a.id}&actorId=${root.id}`);
    expect(ofA.map((e) => e.action)).toEqual(['tenant.reactivated', 'tenant.suspended']);
    expect(ofA.every((e) => e.targetType === 'tenant' && e.targetId === a.id)).toBe(true);
    const ofB = await events(`targetId=${b.id}&dir=asc`);
    expect(ofB.map((e) => e.action)).toEqual(['tenant.plan_changed']);

    // One kind: every event is about that kind of record; an account's event is found by its kind and id, not as a tenant's.
    await recordPlatformAudit(await getDb(), null, null, {
      action: 'user.profile_updated',
      targetType: 'user',
      targetId: root.id,
      after: { name: 'Root' },
    });
    const tenantEvents = await events(`targetType=tenant&limit=200`);
    expect(tenantEvents.length).toBeGreaterThanOrEqual(3);
    expect(tenantEvents.every((e) => e.targetType === 'tenant')).toBe(true);
    expect((await events(`targetType=user&targetId=${root.id}`)).map((e) => e.action)).toEqual(['user.profile_updated']);
    expect(await events(`targetType=tenant&targetId=${root.id}`)).toEqual([]);
    expect(await events(`targetType=session&targetId=${a.id}`)).toEqual([]);

    // Bad input: 400 naming the field; not a platform admin: 403.
    const tooLong = await list(`targetType=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.errors.map((e: { path: string }) => e.path)).toEqual(['query.targetType']);
    const empty = await list('targetId=');
    expect(empty.status).toBe(400);
    expect(empty.json.errors.map((e: { path: string }) => e.path)).toEqual(['query.targetId']);
    expect((await list(`targetId=${a.id}`, a.users.admin.cookie)).status).toBe(403);
  });
});
