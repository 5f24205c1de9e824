import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, batches, batchTransitions, electronicSignatures, inspections } from '@/db/schema';
import { getDb } from '@/db/client';
import { authenticate } from '@/lib/auth/authenticate';
import { ACCOUNT_LIMIT } from '@/lib/auth/sign-in-guard';
import { batchCanonical } from '@/lib/quality/records';
import { recordHash } from '@/lib/quality/signatures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { api, giveTestPasswords, inspect, newBatch, readyBatch, sign, TEST_PASSWORD } from '../support/quality';

const counts = (t: TestTenant) =>
  withTenant(t.id, async (tx) => ({
    signatures: (await tx.select({ n: count() }).from(electronicSignatures))[0].n,
    transitions: (await tx.select({ n: count() }).from(batchTransitions))[0].n,
    audit: (await tx.select({ n: count() }).from(auditEvents))[0].n,
    failed: (await tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'signature.failed')))[0].n,
  }));

async function tenant(): Promise<TestTenant> {
  const t = await createTenantWithMembers();
  await giveTestPasswords(t);
  return t;
}

describe('electronic signatures', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await tenant();
  });

  it('store signer, printed name, meaning, database time and the hash of the record as signed', async () => {
    const id = await readyBatch(t);
    const before = Date.now();
    const res = await api.transition(t, 'qa', id, { to: 'released', reason: 'Meets specification', signature: sign('released') });
    expect(res.status).toBe(200);
    const [row] = await withTenant(t.id, (tx) => tx.select().from(batches).where(eq(batches.id, id)));
    expect(res.json.signatures).toEqual([
      {
        id: expect.any(String),
        signer: { id: t.users.qa.id, name: t.users.qa.name },
        meaning: 'released',
        reason: 'Meets specification',
        signedAt: expect.any(String),
        recordHash: recordHash(batchCanonical(row)),
        valid: true,
      },
    ]);
    const signedAt = new Date(res.json.signatures[0].signedAt).getTime();
    expect(signedAt).toBeGreaterThanOrEqual(before - 5000);
    expect(signedAt).toBeLessThanOrEqual(Date.now() + 5000);
    expect(res.json.history.at(-1)).toMatchObject({
      to: 'released',
      signatureId: res.json.signatures[0].id,
      reason: 'Meets specification',
    });
    // Signatures are append-only for the runtime role.
    await expect(
      withTenant(t.id, (tx) => tx.update(electronicSignatures).set({ meaning: 'rejected' }).where(eq(electronicSignatures.recordId, id))),
    ).rejects.toThrow();
  });

  it("show as no longer valid once the record changes after signing (only behind the application's back: a released batch takes no corrections)", async () => {
    const id = await readyBatch(t);
    await api.transition(t, 'qa', id, { to: 'released', reason: 'Meets specification', signature: sign('released') });
    const refused = await api.updateBatch(t, 'operator', id, { expiresOn: '2029-01-31', reason: 'Stability data extend shelf life' });
    expect(refused.status).toBe(409);
    expect((await api.getBatch(t, 'viewer', id)).json.signatures).toEqual([expect.objectContaining({ meaning: 'released', valid: true })]);
    // A change made directly in the database shows: the signature no longer matches the record.
    const db = await getDb();
    await db.update(batches).set({ expiresOn: '2029-01-31' }).where(eq(batches.id, id));
    expect((await api.getBatch(t, 'viewer', id)).json.signatures[0].valid).toBe(false);
    // Putting it back restores the record as signed.
    await db.update(batches).set({ expiresOn: '2028-06-30' }).where(eq(batches.id, id));
    expect((await api.getBatch(t, 'viewer', id)).json.signatures[0].valid).toBe(true);
    // A recall signs the record as it is then, and lists after the release.
    const recalled = await api.transition(t, 'qa', id, { to: 'recalled', reason: 'Complaint CMP-9', signature: sign('recalled') });
    expect(recalled.json.signatures.map((s: { meaning: string; valid: boolean }) => [s.meaning, s.valid])).toEqual([
      ['released', true],
      ['recalled', true],
    ]);
  });

  it('with a wrong password: refused, nothing changed, audited as a failed signature', async () => {
    const id = await readyBatch(t);
    const before = await counts(t);
    const res = await api.transition(t, 'qa', id, {
      to: 'released',
      reason: 'Meets specification',
      signature: sign('released', 'not my password'),
    });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('signature_invalid');
    expect((await api.getBatch(t, 'viewer', id)).json).toMatchObject({ status: 'under_review', signatures: [] });
    const after = await counts(t);
    expect(after).toEqual({ ...before, audit: before.audit + 1, failed: before.failed + 1 });
    const [event] = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'signature.failed'), eq(auditEvents.targetId, id))),
    );
    expect(event).toMatchObject({ actorId: t.users.qa.id, targetType: 'batch', after: { meaning: 'released', signer: t.users.qa.id } });
    expect(JSON.stringify(event)).not.toContain('not my password');

    // Reviews too.
    const inspection = await inspect(t, await newBatch(t), 'operator');
    const review = await api.review(t, 'qa', inspection.id, { decision: 'approve', signature: sign('approved', 'wrong again') });
    expect(review.json.code).toBe('signature_invalid');
    const [row] = await withTenant(t.id, (tx) => tx.select().from(inspections).where(eq(inspections.id, inspection.id)));
    expect(row).toMatchObject({ status: 'submitted', reviewedBy: null });
  });

  it('wrong passwords count toward the sign-in lockout, and a locked account cannot sign', async () => {
    const t2 = await tenant();
    const qa = t2.users.qa;
    const inspection = await inspect(t2, await newBatch(t2), 'operator');
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const res = await api.review(t2, 'qa', inspection.id, { decision: 'approve', signature: sign('approved', `guess ${i}`) });
      expect(res.json.code).toBe('signature_invalid');
    }
    // Locked: even the right password neither signs in nor signs.
    await expect(authenticate({ email: qa.email, password: TEST_PASSWORD }, { requestId: 'test' })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    const locked = await api.review(t2, 'qa', inspection.id, { decision: 'approve', signature: sign('approved') });
    expect(locked.status).toBe(429);
    expect((await api.getInspection(t2, 'viewer', inspection.id)).json.status).toBe('submitted');
  });

  it('a failed signature and a failed sign-in share one budget', async () => {
    const t3 = await tenant();
    const qa = t3.users.qa;
    await expect(authenticate({ email: qa.email, password: 'nope' }, { requestId: 'test' })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    const inspection = await inspect(t3, await newBatch(t3), 'operator');
    await api.review(t3, 'qa', inspection.id, { decision: 'approve', signature: sign('approved', 'nope') });
    // Two failures so far; the right password still signs.
    expect((await api.review(t3, 'qa', inspection.id, { decision: 'approve', signature: sign('approved') })).status).toBe(200);
  });
});
