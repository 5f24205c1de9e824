import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sampleSizeRoute from '@/app/api/v1/tenants/[tenant]/sample-size/route';
import { auditEvents, inspections } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { api, approve, failingRelease, giveTestPasswords, inspect, newBatch, passingRelease, sign } from '../support/quality';

let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
  await giveTestPasswords(t);
  await giveTestPasswords(other);
});

const inProcess = (characteristics: unknown[], defects?: unknown) => ({
  type: 'in_process',
  sampleSize: 13,
  lotSize: 60,
  characteristics,
  ...(defects ? { defects } : {}),
});

describe('inspections', () => {
  it('are submitted with a result computed by the server', async () => {
    const batch = await newBatch(t);
    const cases: Array<[unknown, 'pass' | 'fail']> = [
      [inProcess([{ name: 'Weight', unit: 'mg', lsl: 475, usl: 525, value: 500 }]), 'pass'],
      [
        inProcess([
          { name: 'Weight', unit: 'mg', lsl: 475, usl: 525, value: 475 },
          { name: 'Hardness', usl: 10, value: 10 },
        ]),
        'pass',
      ], // limits inclusive
      [inProcess([{ name: 'Weight', lsl: 475, usl: 525, value: 474.9 }]), 'fail'],
      [inProcess([{ name: 'Weight', lsl: 475, usl: 525, value: 525.1 }]), 'fail'],
      [inProcess([{ name: 'Appearance', value: 1 }], { critical: 0, major: 3, minor: 7 }), 'pass'], // no limits: conforms
      [inProcess([{ name: 'Weight', lsl: 475, usl: 525, value: 500 }], { critical: 1, major: 0, minor: 0 }), 'fail'],
      [inProcess([], { critical: 0, major: 0, minor: 0 }), 'pass'],
    ];
    for (const [body, result] of cases) {
      const res = await api.recordInspection(t, 'operator', batch, body);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      expect(res.json).toMatchObject({
        status: 'submitted',
        result,
        batchId: batch,
        performedBy: { id: t.users.operator.id },
        reviewedBy: null,
        retestOf: null,
      });
    }
    const failed = (await api.recordInspection(t, 'operator', batch, inProcess([{ name: 'Weight', lsl: 475, usl: 525, value: 530 }]))).json;
    expect(failed.characteristics[0]).toMatchObject({ name: 'Weight', conforms: false });
    const [event] = await withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, failed.id)));
    expect(event).toMatchObject({ action: 'inspection.recorded', actorId: t.users.operator.id });
    expect(event.after).toMatchObject({ result: 'fail', batchId: batch });
    // The result is the server's: a client cannot send one.
    const forged = await api.recordInspection(t, 'operator', batch, { ...passingRelease, result: 'pass' });
    expect(forged.json.errors[0].path).toBe('result');
    const list = await api.listInspections(t, 'viewer', batch);
    expect(list.json.data).toHaveLength(cases.length + 1);
  });

  it('refuse bad input naming the field, writing nothing', async () => {
    const batch = await newBatch(t);
    const res = await api.recordInspection(t, 'operator', batch, {
      type: 'final',
      sampleSize: 0,
      characteristics: [
        { name: '', value: 'high' },
        { name: 'pH', lsl: 8, usl: 6, value: 7 },
      ],
      defects: { critical: -1, major: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        'characteristics.0.name',
        'characteristics.0.value',
        'characteristics.1.usl',
        'defects.critical',
        'defects.minor',
        'sampleSize',
        'type',
      ].sort(),
    );
    const tooBig = await api.recordInspection(t, 'operator', batch, { ...passingRelease, lotSize: 10, sampleSize: 20 });
    expect(tooBig.json.errors).toEqual([{ path: 'sampleSize', message: 'The sample cannot be larger than the lot.' }]);
    const rows = await withTenant(t.id, (tx) => tx.select().from(inspections).where(eq(inspections.batchId, batch)));
    expect(rows).toEqual([]);
  });

  it('are reviewed with a signature by someone other than the performer', async () => {
    const batch = await newBatch(t);
    const mine = await inspect(t, batch, 'qa');
    const self = await api.review(t, 'qa', mine.id, { decision: 'approve', signature: sign('approved') });
    expect(self.status).toBe(403);
    expect(self.json.code).toBe('segregation_of_duties');
    expect((await api.getInspection(t, 'viewer', mine.id)).json).toMatchObject({ status: 'submitted', signatures: [] });

    const theirs = await inspect(t, batch, 'operator');
    const wrongMeaning = await api.review(t, 'qa', theirs.id, { decision: 'approve', signature: sign('rejected') });
    expect(wrongMeaning.json.errors).toEqual([{ path: 'signature.meaning', message: 'This signature means approved.' }]);
    const approved = await approve(t, theirs.id, 'qa');
    expect(approved).toMatchObject({ status: 'approved', reviewedBy: { id: t.users.qa.id } });
    expect(approved.signatures).toEqual([
      expect.objectContaining({
        signer: { id: t.users.qa.id, name: t.users.qa.name },
        meaning: 'approved',
        valid: true,
        recordHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    const twice = await api.review(t, 'qa', theirs.id, { decision: 'reject', reason: 'Changed my mind', signature: sign('rejected') });
    expect(twice.status).toBe(409);

    const noReason = await api.review(t, 'qa', (await inspect(t, batch, 'operator')).id, {
      decision: 'reject',
      signature: sign('rejected'),
    });
    expect(noReason.json.errors[0].path).toBe('reason');
    // Only holders of inspections.approve review (admins do not).
    expect((await api.review(t, 'admin', theirs.id, { decision: 'approve', signature: sign('approved') })).status).toBe(403);
    const [event] = await withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'inspection.approved')));
    expect(event).toMatchObject({ targetId: theirs.id, actorId: t.users.qa.id });
  });

  it('are retested as new inspections linked to the original, which never changes', async () => {
    const batch = await newBatch(t);
    const original = await inspect(t, batch, 'operator', failingRelease);
    const early = await api.recordInspection(t, 'operator', batch, { ...passingRelease, retestOf: original.id });
    expect(early.status).toBe(409); // review the original first
    await approve(t, original.id);
    const before = (await api.getInspection(t, 'viewer', original.id)).json;
    const retest = await api.recordInspection(t, 'admin', batch, { ...passingRelease, retestOf: original.id });
    expect(retest.status).toBe(201);
    expect(retest.json).toMatchObject({ retestOf: original.id, result: 'pass', status: 'submitted' });
    const after = (await api.getInspection(t, 'viewer', original.id)).json;
    expect({ ...after, retestedBy: [] }).toEqual({ ...before, retestedBy: [] });
    expect(after.retestedBy).toEqual([retest.json.id]);
    expect(after.signatures[0].valid).toBe(true);
    const [event] = await withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, retest.json.id)));
    expect(event.action).toBe('inspection.retested');

    const otherType = await api.recordInspection(t, 'admin', batch, { ...inProcess([{ name: 'x', value: 1 }]), retestOf: original.id });
    expect(otherType.json.errors[0].path).toBe('retestOf');
    const otherBatch = await api.recordInspection(t, 'admin', await newBatch(t), { ...passingRelease, retestOf: original.id });
    expect(otherBatch.json.errors[0].path).toBe('retestOf');
  });

  it("another tenant's inspections are 404", async () => {
    const theirs = await inspect(other, await newBatch(other, { role: 'admin' }), 'admin');
    expect((await api.getInspection(t, 'admin', theirs.id)).status).toBe(404);
    expect((await api.review(t, 'qa', theirs.id, { decision: 'approve', signature: sign('approved') })).status).toBe(404);
    const batch = await newBatch(t);
    expect((await api.recordInspection(t, 'admin', batch, { ...passingRelease, retestOf: theirs.id })).json.errors[0].path).toBe(
      'retestOf',
    );
  });

  it('suggest the ISO 2859-1 level II sample size to any member', async () => {
    const res = await call(sampleSizeRoute.GET, {
      params: { tenant: t.slug },
      url: 'http://localhost/api/test?lotSize=1200',
      cookie: t.users.viewer.cookie,
    });
    expect(res.json).toEqual({ lotSize: 1200, inspectionLevel: 'II', codeLetter: 'J', sampleSize: 80 });
    const bad = await call(sampleSizeRoute.GET, {
      params: { tenant: t.slug },
      url: 'http://localhost/api/test?lotSize=1',
      cookie: t.users.viewer.cookie,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.lotSize');
  });
});
