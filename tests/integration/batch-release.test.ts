import { beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { api, approve, failingRelease, giveTestPasswords, inspect, moveTo, newBatch, passingRelease, readyBatch, sign } from '../support/quality';

let t: TestTenant;

beforeAll(async () => {
  t = await createTenantWithMembers();
  await giveTestPasswords(t);
});

const release = (id: string, role: 'qa' | 'admin' = 'qa') =>
  api.transition(t, role, id, { to: 'released', reason: 'Batch record reviewed; meets specification', signature: sign('released') });
const codes = (res: { json: { errors?: Array<{ path: string }> } }) => (res.json.errors ?? []).map((e) => e.path.split('.')[0]).sort();

describe('batch release', () => {
  it('is blocked, listing every blocker, until an approved passing release inspection exists and none awaits review', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    expect((await api.releaseCheck(t, 'viewer', id)).json).toEqual({
      ready: false,
      blockers: [{ code: 'release_inspection_missing', message: 'No approved, passing release inspection.' }],
    });
    let res = await release(id);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('release_blocked');
    expect(codes(res)).toEqual(['release_inspection_missing']);

    // A failed release inspection, approved as failed, and an in-process one awaiting review.
    const failed = await inspect(t, id, 'operator', failingRelease);
    await approve(t, failed.id);
    const pending = await inspect(t, id, 'operator', { type: 'in_process', sampleSize: 5, characteristics: [{ name: 'Weight', value: 1 }] });
    res = await release(id);
    expect(res.status).toBe(409);
    expect(codes(res)).toEqual(['inspection_awaiting_review', 'release_inspection_failed']);
    expect(res.json.errors.find((e: { path: string }) => e.path.startsWith('inspection_awaiting_review')).path).toBe(`inspection_awaiting_review.${pending.id}`);
    const check = (await api.releaseCheck(t, 'viewer', id)).json;
    expect(check.ready).toBe(false);
    expect(check.blockers.map((b: { code: string }) => b.code).sort()).toEqual(['inspection_awaiting_review', 'release_inspection_failed']);

    // The retest supersedes the failed original; reviewing the pending one clears the rest.
    const retest = await inspect(t, id, 'admin', { ...passingRelease, retestOf: failed.id });
    expect(codes(await release(id))).toEqual(['inspection_awaiting_review', 'inspection_awaiting_review']);
    await approve(t, retest.id);
    await approve(t, pending.id);
    expect((await api.releaseCheck(t, 'viewer', id)).json).toEqual({ ready: true, blockers: [] });
    // The operator started production and inspected, the admin inspected: neither may decide. QA may.
    res = await release(id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe('released');
  });

  it('says the state is wrong before review', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'quarantined');
    expect((await api.releaseCheck(t, 'viewer', id)).json.blockers.map((b: { code: string }) => b.code)).toEqual(['wrong_status', 'release_inspection_missing']);
    expect((await release(id)).json.code).toBe('invalid_transition');
  });

  it('a rejected (not approved) release inspection does not count', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const i = await inspect(t, id, 'operator');
    expect((await api.review(t, 'qa', i.id, { decision: 'reject', reason: 'Sampling plan not followed', signature: sign('rejected') })).status).toBe(200);
    expect(codes(await release(id))).toEqual(['release_inspection_missing']);
  });
});

describe('segregation of duties', () => {
  it('whoever started production cannot release or reject the batch', async () => {
    const tenant = await createTenantWithMembers();
    await giveTestPasswords(tenant);
    // A QA person who also holds batches.transition starts production (a custom grant through a second role).
    const id = await newBatch(tenant);
    await moveTo(tenant, id, 'in_production', 'operator');
    await moveTo(tenant, id, 'under_review', 'manager');
    const inspection = await inspect(tenant, id, 'admin');
    await approve(tenant, inspection.id, 'qa');
    // The operator may not release (no permission) — the rule is about people: give the operator release rights.
    const { withTenant } = await import('@/lib/tenancy/with-tenant');
    const { memberRoles, memberships } = await import('@/db/schema');
    const { and, eq } = await import('drizzle-orm');
    await withTenant(tenant.id, async (tx) => {
      const [m] = await tx.select().from(memberships).where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, tenant.users.operator.id)));
      await tx.insert(memberRoles).values({ tenantId: tenant.id, membershipId: m.id, roleId: tenant.roleIds.qa });
    });
    for (const [to, meaning] of [['released', 'released'], ['rejected', 'rejected']] as const) {
      const res = await api.transition(tenant, 'operator', id, { to, reason: 'Looks fine to me', signature: sign(meaning) });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('segregation_of_duties');
      expect(res.json.detail).toMatch(/started its production/);
    }
    expect((await api.getBatch(tenant, 'viewer', id)).json.status).toBe('under_review');
  });

  it('whoever performed one of its inspections cannot release or reject it; recall is not restricted', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const byQa = await inspect(t, id, 'qa', { type: 'in_process', sampleSize: 5, characteristics: [{ name: 'Weight', value: 1 }] });
    const release1 = await inspect(t, id, 'admin');
    await approve(t, release1.id, 'qa');
    const res = await release(id);
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('segregation_of_duties');
    expect(res.json.detail).toMatch(/performed one of its inspections/);
    const reject = await api.transition(t, 'qa', id, { to: 'rejected', reason: 'Out of trend', signature: sign('rejected') });
    expect(reject.json.code).toBe('segregation_of_duties');
    expect(byQa.status).toBe('submitted');

    const other = await readyBatch(t);
    expect((await release(other)).status).toBe(200);
    expect((await api.transition(t, 'qa', other, { to: 'recalled', reason: 'Complaint CMP-7', signature: sign('recalled') })).json.status).toBe('recalled');
  });
});
