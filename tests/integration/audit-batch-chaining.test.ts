import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents } from '@/db/schema';
import { chainAllPendingAuditEvents, chainPendingAuditEvents } from '@/lib/audit/chain-pending';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { TenantContext } from '@/lib/context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

// drizzle/0042 and lib/audit/chain-pending.ts: withTenant's audit events are inserted pending and chained in batches
// after the commit; the minute sweep chains what a dead process left; the trail stays append-only and tamper-evident.

/** A domain function's context in a withTenant transaction (the path that defers chaining), acting as the admin. */
function asAdmin<T>(tenant: TestTenant, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const admin = tenant.users.admin;
  return withTenant(tenant.id, (tx) =>
    fn({
      actor: { type: 'user', id: admin.id, name: admin.name, email: admin.email, isPlatformAdmin: false },
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.slug, status: 'active', planId: 'team' },
      membershipId: null,
      permissions: new Set(['audit.read']),
      meta: { requestId: 'batch-chaining-test', ip: '203.0.113.7', userAgent: 'vitest' },
      db: tx,
      system: null,
    }),
  );
}

const chainOf = (tenant: TestTenant) =>
  withTenant(tenant.id, (tx) =>
    tx
      .select({ id: auditEvents.id, seq: auditEvents.seq, prevHash: auditEvents.prevHash, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(asc(auditEvents.seq)),
  );

/** Events committed pending and never chained, as when the process dies between its commit and its chaining. */
async function writePendingWithoutChaining(tenant: TestTenant, count: number): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', ${tenant.id}, true), set_config('custos.audit_chain', 'deferred', true)`,
    );
    for (let i = 0; i < count; i++) {
      await tx.insert(auditEvents).values({ tenantId: tenant.id, actorType: 'system', action: `orphan.${i}`, after: { i } });
    }
  });
}

const pendingCount = async (tenant: TestTenant) => (await chainOf(tenant)).filter((e) => e.seq === null).length;

describe('audit events chained in batches', () => {
  it('inserts a withTenant event pending and chains it right after the commit', async () => {
    const t = await createTenantWithMembers();
    const inside = await asAdmin(t, async (ctx) => {
      await recordAudit(ctx, { action: 'thing.updated', targetType: 'thing', targetId: 'x' });
      return rowsOf<{ seq: string | null; hash: string }>(
        await ctx.db.execute(sql`select seq, hash from audit_events where action = 'thing.updated'`),
      );
    });
    expect(inside).toEqual([{ seq: null, hash: '' }]);
    const after = await chainOf(t);
    expect(after.map((e) => Number(e.seq))).toEqual(after.map((_, i) => i + 1));
    expect(after.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('chains 8 concurrent writers of one tenant: seq 1..n without a gap, chain valid', async () => {
    const t = await createTenantWithMembers();
    const before = (await chainOf(t)).length;
    const perWriter = 10;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) await asAdmin(t, (ctx) => recordAudit(ctx, { action: `writer.${w}`, after: { i } }));
      }),
    );
    const events = await chainOf(t);
    expect(events).toHaveLength(before + 8 * perWriter);
    expect(events.map((e) => Number(e.seq))).toEqual(events.map((_, i) => i + 1));
    await expect(asAdmin(t, verifyAuditChain)).resolves.toEqual({
      valid: true,
      checked: events.length,
    });
  });

  it('chains what a dead process left pending in the minute sweep, and an event chained at once continues the chain', async () => {
    const t = await createTenantWithMembers();
    const before = (await chainOf(t)).length;
    await writePendingWithoutChaining(t, 5);
    expect(await pendingCount(t)).toBe(5);
    const sweep = await chainAllPendingAuditEvents();
    expect(sweep.events).toBeGreaterThanOrEqual(5);
    expect(await pendingCount(t)).toBe(0);
    // An insert outside a deferring transaction (the owner connection) chains at once, after the swept ones.
    const db = await getDb();
    await db.insert(auditEvents).values({ tenantId: t.id, actorType: 'system', action: 'owner.wrote' });
    const events = await chainOf(t);
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: before + 6 }, (_, i) => i + 1));
    await expect(asAdmin(t, verifyAuditChain)).resolves.toMatchObject({
      valid: true,
    });
    expect(await chainAllPendingAuditEvents()).toMatchObject({ events: expect.any(Number) });
    expect(await pendingCount(t)).toBe(0);
  });

  it('never assigns a sequence number twice when chainers race', async () => {
    const t = await createTenantWithMembers();
    await chainPendingAuditEvents(t.id);
    const before = (await chainOf(t)).length;
    await writePendingWithoutChaining(t, 40);
    const counts = await Promise.all(Array.from({ length: 8 }, () => chainPendingAuditEvents(t.id)));
    expect(counts.reduce((s, n) => s + n, 0)).toBe(40);
    const events = await chainOf(t);
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: before + 40 }, (_, i) => i + 1));
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
  });

  it('lets no one but the chainer fill in a pending event, and the runtime role chain only its own tenant', async () => {
    const t = await createTenantWithMembers();
    const other = await createTenantWithMembers();
    await writePendingWithoutChaining(t, 1);
    const [pending] = (await chainOf(t)).filter((e) => e.seq === null);
    // The runtime role: no UPDATE privilege, whatever it sets.
    expect(
      await dbErrorOf(
        withTenant(t.id, (tx) => tx.update(auditEvents).set({ seq: 1, prevHash: 'x', hash: 'y' }).where(eq(auditEvents.id, pending.id))),
      ),
    ).toMatch(/permission denied/);
    expect(
      await dbErrorOf(
        withTenant(t.id, async (tx) => {
          await tx.execute(sql`select set_config('custos.audit_chaining', ${t.id}, true)`);
          await tx.update(auditEvents).set({ seq: 1, prevHash: 'x', hash: 'y' }).where(eq(auditEvents.id, pending.id));
        }),
      ),
    ).toMatch(/permission denied/);
    // …and may not chain another tenant's trail.
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.execute(sql`select audit_chain_pending(${other.id})`)))).toMatch(
      /only the chain of the tenant in use/,
    );
    // The owner outside the chainer: refused by the trigger; faking the chainer's mark but changing a field: refused.
    const db = await getDb();
    expect(await dbErrorOf(db.execute(sql`update audit_events set seq = 1, prev_hash = 'x', hash = 'y' where id = ${pending.id}`))).toMatch(
      /append-only/,
    );
    expect(
      await dbErrorOf(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('custos.audit_chaining', ${t.id}, true)`);
          await tx.execute(sql`update audit_events set seq = 1, prev_hash = 'x', hash = 'y', action = 'forged' where id = ${pending.id}`);
        }),
      ),
    ).toMatch(/append-only/);
    // A chained event is final: the chainer's transition is from pending only.
    await chainPendingAuditEvents(t.id);
    expect(
      await dbErrorOf(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('custos.audit_chaining', ${t.id}, true)`);
          await tx.execute(sql`update audit_events set seq = 999 where id = ${pending.id}`);
        }),
      ),
    ).toMatch(/append-only/);
    expect(await pendingCount(t)).toBe(0);
  });

  it('still detects a tampered event that was chained in a batch', async () => {
    const t = await createTenantWithMembers();
    await writePendingWithoutChaining(t, 4);
    await chainPendingAuditEvents(t.id);
    const events = await withTenant(t.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    const target = events[events.length - 2];
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(sql`update audit_events set after = '{"i": 99}'::jsonb where id = ${target.id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    await expect(asAdmin(t, verifyAuditChain)).resolves.toEqual({
      valid: false,
      checked: events.length,
      brokenAt: { id: target.id, seq: target.seq },
    });
  });
});
