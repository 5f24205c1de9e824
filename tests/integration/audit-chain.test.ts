import { asc, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import {
  AUDIT_OCCURRED_AT_SQL,
  AUDIT_OCCURRED_AT_TEXT_SQL,
  auditCanonical,
  auditEventHash,
  occurredAtFromText,
  type AuditChainRow,
} from '@/lib/audit/chain-hash';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { rowsOf } from '@/db/rows';
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

  it('hashes in Node exactly as audit_event_hash does in SQL, on real rows with awkward values', async () => {
    const odd = await createTenantWithMembers();
    const awkward = [
      { action: 'odd.quotes', reason: 'say "hi" \\ back\\slash', after: { 'key "q"': 'v\n\t\r\b\f\u0001\u001f' } },
      {
        action: 'odd.unicode',
        reason: 'Zürich — 東京 😀 \u2028',
        after: { ü: 'é', emoji: '😀', nested: { a: [1, 2.5, -0.001, 1e21, null, true] } },
      },
      { action: 'odd.numbers', before: { big: 9007199254740991, huge: 1.5e300, small: 1.5e-7, zero: 0, neg: -42 }, after: { big: 1 } },
      { action: 'odd.nulls', targetType: undefined, targetId: undefined, reason: null, before: null, after: null },
      { action: 'odd.keys', after: { b: 1, a: 2, aa: 3, B: 4, '': 5, ä: 6, zz: 7, z: { y: 1, x: 2 } } },
    ];
    for (const entry of awkward) await asAdmin(odd, (ctx) => recordAudit(ctx, entry));
    // Numbers jsonb keeps as written (1.0, 1e2) cannot come from JSON.stringify: write one such row as the owner.
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${odd.id}, true)`);
      await tx.execute(sql`
        insert into audit_events (tenant_id, actor_type, action, after, user_agent)
        values (${odd.id}, 'system', 'odd.jsonb-numbers', '{"one": 1.0, "hundred": 1e2, "tiny": 0.000010}'::jsonb, 'ua')`);
    });
    const rows = rowsOf<
      { id: string; seq: string; prev_hash: string; sql_canonical: string; sql_hash: string } & Record<string, string | null>
    >(
      await db.execute(sql`
        select e.id::text as id, e.tenant_id::text as tenant_id, e.seq::text as seq, ${sql.raw(AUDIT_OCCURRED_AT_TEXT_SQL)} as occurred_at_text,
               ${sql.raw(AUDIT_OCCURRED_AT_SQL)} as occurred_at,
               e.actor_type, e.actor_id, e.actor_name, e.action, e.target_type, e.target_id,
               e.before::text as before, e.after::text as after, e.reason, e.request_id, e.ip, e.user_agent,
               e.prev_hash, audit_canonical(e) as sql_canonical, audit_event_hash(e.prev_hash, e) as sql_hash
          from audit_events e where e.tenant_id = ${odd.id} order by e.seq`),
    );
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      const row: AuditChainRow = {
        id: r.id,
        tenantId: r.tenant_id,
        seq: Number(r.seq),
        occurredAt: r.occurred_at!,
        actorType: r.actor_type!,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action!,
        targetType: r.target_type,
        targetId: r.target_id,
        before: r.before,
        after: r.after,
        reason: r.reason,
        requestId: r.request_id,
        ip: r.ip,
        userAgent: r.user_agent,
      };
      expect(occurredAtFromText(r.occurred_at_text!)).toBe(r.occurred_at);
      expect(auditCanonical(row)).toBe(r.sql_canonical);
      expect(auditEventHash(r.prev_hash, row)).toBe(r.sql_hash);
    }
    await expect(asAdmin(odd, verifyAuditChain)).resolves.toEqual({ valid: true, checked: 6 });
    // Across page boundaries the walk is the same.
    await expect(asAdmin(odd, (ctx) => verifyAuditChain(ctx, { pageSize: 4 }))).resolves.toEqual({ valid: true, checked: 6 });
    await expect(asAdmin(odd, (ctx) => verifyAuditChain(ctx, { pageSize: 1 }))).resolves.toEqual({ valid: true, checked: 6 });
  });

  it('finds a tampered row at its seq across pages, and a gap in the sequence', async () => {
    const victim = await createTenantWithMembers();
    for (let i = 0; i < 7; i++) await asAdmin(victim, (ctx) => recordAudit(ctx, { action: `page.${i}`, after: { step: i } }));
    const events = await withTenant(victim.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(sql`update audit_events set reason = 'edited later' where id = ${events[4].id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    for (const pageSize of [1, 2, 3, 10_000]) {
      await expect(asAdmin(victim, (ctx) => verifyAuditChain(ctx, { pageSize }))).resolves.toEqual({
        valid: false,
        checked: 7,
        brokenAt: { id: events[4].id, seq: 5 },
      });
    }
    // A deleted event (the wipe-out switch, on this tenant only) leaves a gap: found at the event after it.
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('custos.wipe_tenant_id', ${victim.id}, true)`);
      await tx.execute(sql`delete from audit_events where id = ${events[1].id}`);
    });
    await expect(asAdmin(victim, (ctx) => verifyAuditChain(ctx, { pageSize: 2 }))).resolves.toEqual({
      valid: false,
      checked: 6,
      brokenAt: { id: events[2].id, seq: 3 },
    });
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
