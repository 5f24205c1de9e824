import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, batches, batchTransitions } from '@/db/schema';
import { BATCH_STATUSES, LIFECYCLE, findMove, type BatchStatus } from '@/lib/quality/lifecycle';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, type TestTenant, unique } from '../support/fixtures';
import { api, batchBody, giveTestPasswords, GTIN, moveTo, newBatch, newSite, readyBatch, sign, type Role } from '../support/quality';

let t: TestTenant;
let other: TestTenant;
let siteId: string;

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers();
  await giveTestPasswords(t);
  siteId = await newSite(t);
});

const ROLES: Role[] = ['admin', 'manager', 'qa', 'operator', 'viewer'];
const ROLE_PERMS: Record<Role, string[]> = {
  admin: ['batches.transition'],
  manager: ['batches.transition'],
  qa: ['batches.release'],
  operator: ['batches.transition'],
  viewer: [],
};

/** A batch in `status`, reached the way users would. */
async function batchIn(status: BatchStatus): Promise<string> {
  if (status === 'planned') return newBatch(t, { siteId });
  if (status === 'in_production' || status === 'quarantined' || status === 'under_review') {
    const id = await newBatch(t, { siteId });
    await moveTo(t, id, status);
    return id;
  }
  const id = await readyBatch(t);
  if (status === 'rejected') {
    expect((await api.transition(t, 'qa', id, { to: 'rejected', reason: 'Out of trend', signature: sign('rejected') })).status).toBe(200);
    return id;
  }
  expect((await api.transition(t, 'qa', id, { to: 'released', reason: 'Meets specification', signature: sign('released') })).status).toBe(
    200,
  );
  if (status === 'recalled') {
    expect((await api.transition(t, 'qa', id, { to: 'recalled', reason: 'Customer complaint', signature: sign('recalled') })).status).toBe(
      200,
    );
  }
  return id;
}

const bodyFor = (to: BatchStatus) => {
  const move = LIFECYCLE.find((m) => m.to === to);
  return move?.signature ? { to, reason: 'Decision documented', signature: sign(move.signature) } : { to };
};

describe('batches', () => {
  it('are planned on a site with a GS1 batch number and GTIN, and audited with their first status', async () => {
    const body = batchBody(siteId, { batchNumber: `LOT-${unique()}/A` });
    const res = await api.createBatch(t, 'operator', body);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      batchNumber: body.batchNumber,
      productName: body.productName,
      gtin: GTIN,
      siteId,
      site: { id: siteId },
      plannedQuantity: 10000,
      expiresOn: '2028-06-30',
      status: 'planned',
      signatures: [],
      history: [{ from: null, to: 'planned', actor: { id: t.users.operator.id } }],
    });
    const [event] = await withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, res.json.id)));
    expect(event).toMatchObject({ action: 'batch.created', actorId: t.users.operator.id });
    expect(event.after).toMatchObject({ batchNumber: body.batchNumber, status: 'planned' });
    // Without a GTIN too.
    expect((await api.createBatch(t, 'operator', batchBody(siteId, { gtin: undefined }))).json.gtin).toBeNull();
  });

  it('refuse a wrong check digit, a bad batch number and unknown fields, naming each and writing nothing', async () => {
    const batchNumber = `X${unique()}`;
    const res = await api.createBatch(
      t,
      'operator',
      batchBody(siteId, { batchNumber: `${batchNumber} 1`, gtin: '09506000134353', colour: 'red' }),
    );
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['batchNumber', 'colour', 'gtin']);
    const longNumber = await api.createBatch(t, 'operator', batchBody(siteId, { batchNumber: 'A'.repeat(21) }));
    expect(longNumber.json.errors.map((e: { path: string }) => e.path)).toEqual(['batchNumber']);
    const rows = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(batches)
        .where(eq(batches.batchNumber, `${batchNumber} 1`)),
    );
    expect(rows).toEqual([]);
  });

  it('have batch numbers unique per tenant', async () => {
    const batchNumber = `U${unique()}`;
    expect((await api.createBatch(t, 'operator', batchBody(siteId, { batchNumber }))).status).toBe(201);
    const again = await api.createBatch(t, 'operator', batchBody(siteId, { batchNumber }));
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('conflict');
    expect((await api.createBatch(other, 'admin', batchBody(await newSite(other), { batchNumber }))).status).toBe(201);
  });

  it('are corrected only with a reason, audited with old and new values; never deleted', async () => {
    const id = await newBatch(t, { siteId });
    const noReason = await api.updateBatch(t, 'operator', id, { plannedQuantity: 12000 });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    const res = await api.updateBatch(t, 'operator', id, {
      plannedQuantity: 12000,
      expiresOn: '2028-12-31',
      reason: 'Scale-up approved by change control CC-17',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ plannedQuantity: 12000, expiresOn: '2028-12-31' });
    const events = await withTenant(t.id, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(auditEvents.seq),
    );
    expect(events.at(-1)).toMatchObject({
      action: 'batch.updated',
      reason: 'Scale-up approved by change control CC-17',
      before: { plannedQuantity: 10000, expiresOn: '2028-06-30' },
      after: { plannedQuantity: 12000, expiresOn: '2028-12-31' },
    });
    // The batch number and status are not corrections.
    expect((await api.updateBatch(t, 'operator', id, { status: 'released', reason: 'Because' })).json.errors[0].path).toBe('status');
    // The runtime role cannot delete records.
    await expect(withTenant(t.id, (tx) => tx.delete(batches).where(eq(batches.id, id)))).rejects.toThrow();
    await expect(withTenant(t.id, (tx) => tx.delete(batchTransitions).where(eq(batchTransitions.batchId, id)))).rejects.toThrow();
  });

  it('list newest first, filtered by status, with a cursor', async () => {
    const tenant = await createTenantWithMembers();
    const site = await newSite(tenant);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await newBatch(tenant, { siteId: site }));
    await moveTo(tenant, ids[1], 'in_production');
    const first = await api.listBatches(tenant, 'viewer', '?limit=2');
    expect(first.json.data.map((b: { id: string }) => b.id)).toEqual([ids[2], ids[1]]);
    const second = await api.listBatches(tenant, 'viewer', `?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
    expect((await api.listBatches(tenant, 'viewer', '?status=in_production')).json.data.map((b: { id: string }) => b.id)).toEqual([ids[1]]);
    expect((await api.listBatches(tenant, 'viewer', '?status=planned&status=in_production')).json.data).toHaveLength(3);
    expect((await api.listBatches(tenant, 'viewer', '?status=shipped')).json.errors[0].path).toBe('query.status');
  });

  it("another tenant's batch is 404 everywhere", async () => {
    const theirs = await newBatch(other, { role: 'admin' });
    expect((await api.getBatch(t, 'admin', theirs)).status).toBe(404);
    expect((await api.updateBatch(t, 'admin', theirs, { productName: 'Hijacked', reason: 'Because' })).status).toBe(404);
    expect((await api.transition(t, 'admin', theirs, { to: 'in_production' })).status).toBe(404);
    expect((await api.releaseCheck(t, 'admin', theirs)).status).toBe(404);
    expect((await api.listInspections(t, 'admin', theirs)).status).toBe(404);
    expect(
      (await api.recordInspection(t, 'admin', theirs, { type: 'incoming', sampleSize: 1, characteristics: [{ name: 'x', value: 1 }] }))
        .status,
    ).toBe(404);
  });
});

describe('the lifecycle', () => {
  it('allows each of its moves to exactly the roles holding the move’s permission', async () => {
    for (const move of LIFECYCLE) {
      for (const role of ROLES) {
        const id = move.releaseGuard ? await readyBatch(t) : await batchIn(move.from);
        const res = await api.transition(t, role, id, bodyFor(move.to));
        const allowed = ROLE_PERMS[role].includes(move.permission);
        expect(`${move.from}→${move.to} ${role}: ${res.status}`).toBe(`${move.from}→${move.to} ${role}: ${allowed ? 200 : 403}`);
        const after = (await api.getBatch(t, 'viewer', id)).json;
        expect(after.status).toBe(allowed ? move.to : move.from);
        if (allowed) {
          expect(after.history.at(-1)).toMatchObject({ from: move.from, to: move.to, actor: { id: t.users[role].id } });
          const [event] = await withTenant(t.id, (tx) =>
            tx
              .select()
              .from(auditEvents)
              .where(eq(auditEvents.action, `batch.${move.action}`))
              .orderBy(auditEvents.seq),
          );
          expect(event).toBeDefined();
        }
      }
    }
  });

  it('refuses every move it does not define with 409 invalid_transition, changing nothing', async () => {
    for (const from of BATCH_STATUSES) {
      const id = await batchIn(from);
      for (const to of BATCH_STATUSES) {
        if (findMove(from, to)) continue;
        const role: Role = LIFECYCLE.find((m) => m.to === to)?.permission === 'batches.release' ? 'qa' : 'operator';
        const res = await api.transition(t, role, id, bodyFor(to));
        expect(`${from}→${to}: ${res.status} ${res.json.code}`).toBe(`${from}→${to}: 409 invalid_transition`);
      }
      expect((await api.getBatch(t, 'viewer', id)).json.status).toBe(from);
    }
  });

  it('needs a reason and a signature with the right meaning for release, rejection and recall', async () => {
    const id = await readyBatch(t);
    const none = await api.transition(t, 'qa', id, { to: 'released' });
    expect(none.status).toBe(400);
    expect(none.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['reason', 'signature']);
    const wrongMeaning = await api.transition(t, 'qa', id, { to: 'released', reason: 'Meets spec', signature: sign('approved') });
    expect(wrongMeaning.json.errors).toEqual([{ path: 'signature.meaning', message: 'This signature means released.' }]);
    const unsigned = await api.transition(t, 'operator', await newBatch(t, { siteId }), {
      to: 'in_production',
      signature: sign('released'),
    });
    expect(unsigned.json.errors[0].path).toBe('signature');
    expect((await api.getBatch(t, 'viewer', id)).json.status).toBe('under_review');
  });
});
