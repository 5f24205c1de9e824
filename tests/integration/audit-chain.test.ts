import { asc, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { TenantContext } from '@/lib/context';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

let t: TestTenant;

function asAdmin<T>(tenant: TestTenant, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const admin = tenant.users.admin;
  return withTenantContext(
    { type: 'user', id: admin.id, name: admin.name, email: admin.email, isPlatformAdmin: false },
    tenant.slug,
    { requestId: 'audit-test', ip: '203.0.113.9', userAgent: 'vitest' },
    fn,
  );
}

beforeAll(async () => {
  t = await createTenantWithMembers();
  for (let i = 0; i < 5; i++) {
    await asAdmin(t, (ctx) =>
      recordAudit(ctx, {
        action: 'thing.updated',
        targetType: 'thing',
        targetId: `thing-${i}`,
        before: { n: i, password: 'hunter2-secret', same: 'x' },
        after: { n: i + 1, password: 'new-secret', same: 'x' },
        reason: 'testing',
      }),
    );
  }
});

describe('audit trail', () => {
  it('records actor, request, changed fields only, secrets masked, and database time', async () => {
    const events = await withTenant(t.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({
      actorType: 'user',
      actorId: t.users.admin.id,
      actorName: t.users.admin.name,
      action: 'thing.updated',
      targetId: 'thing-0',
      before: { n: 0, password: '[redacted]' },
      after: { n: 1, password: '[redacted]' },
      reason: 'testing',
      requestId: 'audit-test',
      ip: '203.0.113.9',
      userAgent: 'vitest',
    });
    expect(events[0].before).not.toHaveProperty('same');
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(Math.abs(events[0].occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('chains each event to the previous one, seq 1..n', async () => {
    const events = await withTenant(t.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0].prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(5);
    await expect(asAdmin(t, verifyAuditChain)).resolves.toEqual({ valid: true, checked: 5 });
  });

  it('is append-only: UPDATE and DELETE are refused, for the owner by trigger and for the runtime role by privilege', async () => {
    const db = await getDb();
    expect(await dbErrorOf(db.execute(sql`update audit_events set reason = 'edited' where tenant_id = ${t.id}`))).toMatch(/append-only/);
    expect(await dbErrorOf(db.execute(sql`delete from audit_events where tenant_id = ${t.id}`))).toMatch(/append-only/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.update(auditEvents).set({ reason: 'edited' })))).toMatch(/permission denied/);
    expect(await dbErrorOf(withTenant(t.id, (tx) => tx.delete(auditEvents)))).toMatch(/permission denied/);
  });

  it('rolls back the event with the change when the domain work fails', async () => {
    const before = await withTenant(t.id, async (tx) => (await tx.select({ n: count() }).from(auditEvents))[0].n);
    await expect(
      asAdmin(t, async (ctx) => {
        await recordAudit(ctx, { action: 'thing.failed' });
        throw new Error('boom after the audit write');
      }),
    ).rejects.toThrow('boom');
    const after = await withTenant(t.id, async (tx) => (await tx.select({ n: count() }).from(auditEvents))[0].n);
    expect(after).toBe(before);
    // The chain head rolled back too: the next event continues the chain without a gap.
    await asAdmin(t, (ctx) => recordAudit(ctx, { action: 'thing.after-rollback' }));
    const verdict = await asAdmin(t, verifyAuditChain);
    expect(verdict.valid).toBe(true);
  });

  it('keeps the chain valid under concurrent writers of one tenant', async () => {
    const other = await createTenantWithMembers();
    await Promise.all(Array.from({ length: 12 }, (_, i) => asAdmin(other, (ctx) => recordAudit(ctx, { action: `concurrent.${i}` }))));
    const events = await withTenant(other.id, (tx) => tx.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(asc(auditEvents.seq)));
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await expect(asAdmin(other, verifyAuditChain)).resolves.toEqual({ valid: true, checked: 12 });
  });

  it('reports tampering at the altered event', async () => {
    const victim = await createTenantWithMembers();
    for (let i = 0; i < 4; i++) await asAdmin(victim, (ctx) => recordAudit(ctx, { action: `step.${i}`, after: { step: i } }));
    const events = await withTenant(victim.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    const target = events[2];
    // As the owner, bypassing the append-only trigger for this one statement (atomic: others never see it off).
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(sql`update audit_events set after = '{"step": 99}'::jsonb where id = ${target.id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    await expect(asAdmin(victim, verifyAuditChain)).resolves.toEqual({
      valid: false,
      checked: 4,
      brokenAt: { id: target.id, seq: 3 },
    });
    // Recomputing the tampered row's hash does not help: the next event's link breaks instead.
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(sql`update audit_events e set hash = audit_event_hash(e.prev_hash, e) where id = ${target.id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    const verdict = await asAdmin(victim, verifyAuditChain);
    expect(verdict).toMatchObject({ valid: false, brokenAt: { id: events[3].id, seq: 4 } });
    const [{ n }] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.tenantId, victim.id));
    expect(n).toBe(4);
  });

  it('needs audit.read to verify', async () => {
    const viewer = t.users.viewer;
    await expect(
      withTenantContext(
        { type: 'user', id: viewer.id, name: viewer.name, email: viewer.email, isPlatformAdmin: false },
        t.slug,
        { requestId: 'x' },
        verifyAuditChain,
      ),
    ).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });
});

describe('audit trail and tenant wipe-out', () => {
  it('lets only the wipe transaction of that very tenant delete its events', async () => {
    const doomed = await createTenantWithMembers();
    const kept = await createTenantWithMembers();
    await asAdmin(doomed, (ctx) => recordAudit(ctx, { action: 'doomed.event' }));
    await asAdmin(kept, (ctx) => recordAudit(ctx, { action: 'kept.event' }));
    const db = await getDb();
    // Naming another tenant does not open this one.
    expect(
      await dbErrorOf(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('custos.wipe_tenant_id', ${kept.id}, true)`);
          await tx.execute(sql`delete from audit_events where tenant_id = ${doomed.id}`);
        }),
      ),
    ).toMatch(/append-only/);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('custos.wipe_tenant_id', ${doomed.id}, true)`);
      await tx.execute(sql`delete from audit_events where tenant_id = ${doomed.id}`);
    });
    const [{ n: left }] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.tenantId, doomed.id));
    expect(left).toBe(0);
    const [{ n: untouched }] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.tenantId, kept.id));
    expect(untouched).toBe(1);
    // Outside such a transaction, deletes are refused again.
    expect(await dbErrorOf(db.execute(sql`delete from audit_events where tenant_id = ${kept.id}`))).toMatch(/append-only/);
  });
});
