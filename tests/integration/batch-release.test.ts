import { beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { and, count, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import {
  anotherMember,
  api,
  approve,
  failingRelease,
  giveTestPasswords,
  inspect,
  moveTo,
  newBatch,
  newSite,
  passingRelease,
  readyBatch,
  sign,
  type Who,
} from '../support/quality';

let t: TestTenant;

beforeAll(async () => {
  t = await createTenantWithMembers();
  await giveTestPasswords(t);
});

const release = (id: string, role: Who = 'qa') =>
  api.transition(t, role, id, { to: 'released', reason: 'Batch record reviewed; meets specification', signature: sign('released') });
const codes = (res: { json: { errors?: Array<{ path: string }> } }) => (res.json.errors ?? []).map((e) => e.path.split('.')[0]).sort();

describe('batch release', () => {
  it('is blocked, listing every blocker, until an approved passing release inspection exists and none awaits review', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    expect((await api.releaseCheck(t, 'viewer', id)).json).toEqual({
      ready: false,
      blockers: [{ code: 'release_inspection_missing', message: 'No approved, passing release inspection.' }],
      involvement: [],
    });
    let res = await release(id);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('release_blocked');
    expect(codes(res)).toEqual(['release_inspection_missing']);

    // A failed release inspection, approved as failed, and an in-process one awaiting review.
    const reviewer = await anotherMember(t, 'qa');
    const failed = await inspect(t, id, 'operator', failingRelease);
    await approve(t, failed.id, reviewer);
    const pending = await inspect(t, id, 'operator', {
      type: 'in_process',
      sampleSize: 5,
      characteristics: [{ name: 'Weight', value: 1 }],
    });
    res = await release(id);
    expect(res.status).toBe(409);
    expect(codes(res)).toEqual(['inspection_awaiting_review', 'release_inspection_failed']);
    expect(res.json.errors.find((e: { path: string }) => e.path.startsWith('inspection_awaiting_review')).path).toBe(
      `inspection_awaiting_review.${pending.id}`,
    );
    const check = (await api.releaseCheck(t, 'viewer', id)).json;
    expect(check.ready).toBe(false);
    expect(check.blockers.map((b: { code: string }) => b.code).sort()).toEqual(['inspection_awaiting_review', 'release_inspection_failed']);

    // A passing retest of the failed original clears it once approved; reviewing the pending one clears the rest.
    const retest = await inspect(t, id, 'admin', { ...passingRelease, retestOf: failed.id });
    expect(codes(await release(id))).toEqual(['inspection_awaiting_review', 'inspection_awaiting_review', 'release_inspection_failed']);
    await approve(t, retest.id, reviewer);
    await approve(t, pending.id, reviewer);
    expect((await api.releaseCheck(t, 'viewer', id)).json).toEqual({ ready: true, blockers: [], involvement: [] });
    // The operator created, moved and inspected it, the admin inspected, the second QA person reviewed: none of
    // them may decide. QA, who took no part, may.
    res = await release(id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe('released');
  });

  it('says the state is wrong before review', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'quarantined');
    expect((await api.releaseCheck(t, 'viewer', id)).json.blockers.map((b: { code: string }) => b.code)).toEqual([
      'wrong_status',
      'release_inspection_missing',
    ]);
    expect((await release(id)).json.code).toBe('invalid_transition');
  });

  it('a rejected (not approved) release inspection does not count', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const i = await inspect(t, id, 'operator');
    const reviewer = await anotherMember(t, 'qa');
    expect(
      (await api.review(t, reviewer, i.id, { decision: 'reject', reason: 'Sampling plan not followed', signature: sign('rejected') }))
        .status,
    ).toBe(200);
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
      const [m] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, tenant.users.operator.id)));
      await tx.insert(memberRoles).values({ tenantId: tenant.id, membershipId: m.id, roleId: tenant.roleIds.qa });
    });
    for (const [to, meaning] of [
      ['released', 'released'],
      ['rejected', 'rejected'],
    ] as const) {
      const res = await api.transition(tenant, 'operator', id, { to, reason: 'Looks fine to me', signature: sign(meaning) });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('segregation_of_duties');
      expect(res.json.detail).toMatch(/you moved it to in production/);
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
    expect(
      (await api.transition(t, 'qa', other, { to: 'recalled', reason: 'Complaint CMP-7', signature: sign('recalled') })).json.status,
    ).toBe('recalled');
  });
});

describe('segregation of duties covers everyone who took part', () => {
  it('one person holding operator and qa who created, corrected, quarantined and submitted the batch and approved its release inspection cannot release or reject it; another QA who only releases may', async () => {
    const both = await anotherMember(t, ['operator', 'qa']);
    const id = await newBatch(t, { role: both, siteId: await newSite(t) });
    expect((await api.updateBatch(t, both, id, { productName: 'Paracetamol 500 mg tablets', reason: 'Full product name' })).status).toBe(
      200,
    );
    await moveTo(t, id, 'in_production', 'operator');
    await moveTo(t, id, 'under_review', both);
    const inspection = await inspect(t, id, 'admin');
    await approve(t, inspection.id, both);

    for (const [to, verb] of [
      ['released', 'release'],
      ['rejected', 'reject'],
    ] as const) {
      const res = await api.transition(t, both, id, { to, reason: 'Batch record reviewed', signature: sign(to) });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('segregation_of_duties');
      expect(res.json.detail).toBe(
        `You cannot ${verb} this batch: you created it, you corrected its record, you moved it to quarantined and under review and you reviewed one of its inspections. Someone independent must decide.`,
      );
    }
    expect((await api.getBatch(t, 'viewer', id)).json).toMatchObject({ status: 'under_review', signatures: [] });
    // The release check tells the console the same, for the caller.
    expect((await api.releaseCheck(t, both, id)).json.involvement.map((i: { kind: string }) => i.kind)).toEqual([
      'created',
      'corrected',
      'moved',
      'reviewed_inspection',
    ]);

    expect((await api.releaseCheck(t, 'qa', id)).json.involvement).toEqual([]);
    const res = await release(id, 'qa');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe('released');
  });

  it('whoever reviewed one of its inspections cannot release it', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const inspection = await inspect(t, id, 'admin');
    await approve(t, inspection.id, 'qa');
    const res = await release(id, 'qa');
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('segregation_of_duties');
    expect(res.json.detail).toMatch(/you reviewed one of its inspections/);
    expect((await release(id, await anotherMember(t, 'qa'))).status).toBe(200);
  });
});

describe('a failed release inspection blocks release until a linked retest passes (21 CFR 211.192)', () => {
  it('an unrelated passing inspection does not clear a failed, approved release inspection', async () => {
    const reviewer = await anotherMember(t, 'qa');
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const failed = await inspect(t, id, 'operator', failingRelease);
    await approve(t, failed.id, reviewer);
    const unrelated = await inspect(t, id, 'admin', passingRelease);
    await approve(t, unrelated.id, reviewer);

    const res = await release(id);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('release_blocked');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual([`release_inspection_failed.${failed.id}`]);
    expect((await api.releaseCheck(t, 'viewer', id)).json).toMatchObject({
      ready: false,
      blockers: [{ code: 'release_inspection_failed', inspectionId: failed.id }],
    });
    expect((await api.getBatch(t, 'viewer', id)).json).toMatchObject({ status: 'under_review', signatures: [] });
  });

  it('a passing, approved retest linked to it (through a chain of retests) clears it', async () => {
    const reviewer = await anotherMember(t, 'qa');
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const failed = await inspect(t, id, 'operator', failingRelease);
    await approve(t, failed.id, reviewer);
    // The first retest fails too: both stay blocking.
    const retest1 = await inspect(t, id, 'operator', { ...failingRelease, retestOf: failed.id });
    await approve(t, retest1.id, reviewer);
    expect(codes(await release(id))).toEqual(['release_inspection_failed', 'release_inspection_failed']);
    // A retest of the retest passes but awaits review: still blocked.
    const retest2 = await inspect(t, id, 'admin', { ...passingRelease, retestOf: retest1.id });
    expect(codes(await release(id))).toEqual(['inspection_awaiting_review', 'release_inspection_failed', 'release_inspection_failed']);
    await approve(t, retest2.id, reviewer);
    expect((await api.releaseCheck(t, 'viewer', id)).json).toMatchObject({ ready: true, blockers: [] });
    const res = await release(id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  });
});

describe('no corrections after release, rejection or recall', () => {
  const auditCount = (batchId: string) =>
    withTenant(t.id, async (tx) => {
      const [row] = await tx
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.targetType, 'batch'), eq(auditEvents.targetId, batchId)));
      return row.n;
    });

  it('a released, rejected or recalled batch answers 409 conflict to a correction, and nothing is written', async () => {
    const released = await readyBatch(t);
    expect((await release(released)).status).toBe(200);
    const rejected = await readyBatch(t);
    expect((await api.transition(t, 'qa', rejected, { to: 'rejected', reason: 'Out of trend', signature: sign('rejected') })).status).toBe(
      200,
    );
    const recalled = await readyBatch(t);
    expect((await release(recalled)).status).toBe(200);
    expect(
      (await api.transition(t, 'qa', recalled, { to: 'recalled', reason: 'Complaint CMP-7', signature: sign('recalled') })).status,
    ).toBe(200);

    for (const [id, status] of [
      [released, 'released'],
      [rejected, 'rejected'],
      [recalled, 'recalled'],
    ] as const) {
      const before = (await api.getBatch(t, 'viewer', id)).json;
      const events = await auditCount(id);
      const res = await api.updateBatch(t, 'operator', id, { expiresOn: '2029-01-31', reason: 'Stability data extend shelf life' });
      expect(res.status).toBe(409);
      expect(res.json.code).toBe('conflict');
      expect(res.json.detail).toBe(
        `The batch is ${status}: its signed record is closed and can no longer be corrected. Record what changed in a note instead.`,
      );
      const after = (await api.getBatch(t, 'viewer', id)).json;
      expect(after).toEqual(before);
      expect(after.signatures.every((s: { valid: boolean }) => s.valid)).toBe(true);
      expect(await auditCount(id)).toBe(events);
    }
  });

  it('a reviewed inspection cannot be changed: it has no edit route, and a second review is 409', async () => {
    const id = await newBatch(t);
    await moveTo(t, id, 'under_review');
    const inspection = await inspect(t, id, 'operator');
    await approve(t, inspection.id, 'qa');
    const again = await api.review(t, await anotherMember(t, 'qa'), inspection.id, {
      decision: 'reject',
      reason: 'Second thoughts',
      signature: sign('rejected'),
    });
    expect(again.status).toBe(409);
    expect((await api.getInspection(t, 'viewer', inspection.id)).json).toMatchObject({
      status: 'approved',
      reviewedBy: { id: t.users.qa.id },
    });
    // The inspection's path takes no edit: PUT, PATCH and DELETE are the generic 405 handlers, never operations.
    const routes: Record<string, unknown> = await import('@/app/api/v1/tenants/[tenant]/inspections/[id]/route');
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      expect((routes[method] as { methodNotAllowed?: boolean } | undefined)?.methodNotAllowed, method).toBe(true);
    }
  });
});
