import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, notificationDigests, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/db/schema';
import { checkAuditChains } from '@/lib/audit/check-audit-chains';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { sendNotificationDigests } from '@/lib/notifications/send-digests';
import { setClock } from '@/lib/platform/clock';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

function asAdmin<T>(tenant: TestTenant, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const admin = tenant.users.admin;
  return withTenantContext(
    { type: 'user', id: admin.id, name: admin.name, email: admin.email, isPlatformAdmin: false },
    tenant.slug,
    { requestId: 'chain-check-test' },
    fn,
  );
}

/** As the owner, past the append-only trigger for one statement (the way audit-chain.test.ts tampers). */
async function tamper(eventId: string, after: Record<string, unknown>) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await tx.execute(sql`update audit_events set after = ${JSON.stringify(after)}::jsonb where id = ${eventId}`);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
  });
}

const chainEvents = (tenant: TestTenant) =>
  withTenant(tenant.id, (tx) =>
    tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.tenantId, tenant.id), eq(webhookEvents.type, 'audit.chain.broken')))
      .orderBy(asc(webhookEvents.createdAt)),
  );

async function platformEntries(tenant: TestTenant) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(isNull(auditEvents.tenantId), eq(auditEvents.action, 'audit.chain_broken'), eq(auditEvents.targetId, tenant.id)));
}

describe('the daily audit chain check', () => {
  it('raises audit.chain.broken once per break, to the tenant’s channels, and tells the platform trail', async () => {
    const victim = await createTenantWithMembers();
    const healthy = await createTenantWithMembers();
    for (const tenant of [victim, healthy]) {
      for (let i = 0; i < 4; i++) await asAdmin(tenant, (ctx) => recordAudit(ctx, { action: `step.${i}`, after: { step: i } }));
    }
    // A channel subscribed to audit events, and an email digest of them to the admins.
    const endpointId = await withTenant(victim.id, async (tx) => {
      const [endpoint] = await tx
        .insert(webhookEndpoints)
        .values({
          tenantId: victim.id,
          url: 'https://hooks.slack.example/services/T0/B0/x',
          format: 'slack',
          eventTypes: ['audit.*'],
          secretSealed: 'unused',
        })
        .returning();
      await tx
        .insert(notificationDigests)
        .values({ tenantId: victim.id, name: 'Audit alarms', eventTypes: ['audit.chain.broken'], frequency: 'hourly' });
      return endpoint.id;
    });

    const clean = await checkAuditChains();
    expect(clean.broken).not.toContain(victim.slug);
    expect(clean.broken).not.toContain(healthy.slug);
    expect(clean.events).toBeGreaterThanOrEqual(8);
    expect(await chainEvents(victim)).toEqual([]);

    const trail = await withTenant(victim.id, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.tenantId, victim.id)).orderBy(asc(auditEvents.seq)),
    );
    const target = trail[2];
    await tamper(target.id, { step: 99 });

    const first = await checkAuditChains();
    expect(first.broken).toContain(victim.slug);
    expect(first.raised).toContain(victim.slug);
    expect(first.broken).not.toContain(healthy.slug);
    const raised = await chainEvents(victim);
    expect(raised).toHaveLength(1);
    expect(raised[0].payload).toMatchObject({
      type: 'audit.chain.broken',
      data: { firstBrokenSequence: target.seq, firstBrokenEventId: target.id, checkedEvents: trail.length },
    });
    expect(await chainEvents(healthy)).toEqual([]);
    const deliveries = await withTenant(victim.id, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, raised[0].id)),
    );
    expect(deliveries.map((d) => d.endpointId)).toEqual([endpointId]);
    const platform = await platformEntries(victim);
    expect(platform).toHaveLength(1);
    expect(platform[0]).toMatchObject({ actorType: 'system', actorName: 'Audit chain check', targetType: 'tenant' });
    expect(platform[0].after).toMatchObject({ slug: victim.slug, firstBrokenSequence: target.seq });

    // The next day's check (and two at once) finds the same break: nothing raised again.
    const [again, concurrent] = await Promise.all([checkAuditChains(), checkAuditChains()]);
    expect(again.broken).toContain(victim.slug);
    expect(again.raised).not.toContain(victim.slug);
    expect(concurrent.raised).not.toContain(victim.slug);
    expect(await chainEvents(victim)).toHaveLength(1);
    expect(await platformEntries(victim)).toHaveLength(1);

    // An alteration earlier in the chain is a new break: raised once more, once, even when two checks run together.
    await tamper(trail[0].id, { step: -1 });
    const both = await Promise.all([checkAuditChains(), checkAuditChains()]);
    expect(both.filter((s) => s.raised.includes(victim.slug))).toHaveLength(1);
    const now = await chainEvents(victim);
    expect(now.map((e) => (e.payload.data as { firstBrokenSequence: number }).firstBrokenSequence).sort()).toEqual([1, target.seq]);
    expect(await platformEntries(victim)).toHaveLength(2);

    // The email digest tells the admins in words.
    setClock({ advanceMs: 2 * 3_600_000 });
    try {
      await sendNotificationDigests();
    } finally {
      setClock();
    }
    const db = await getDb();
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.to, victim.users.admin.email), eq(emailOutbox.template, 'notificationDigest')));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Audit alarms: 2 events in Tenant ${victim.slug}`);
    expect(mails[0].text).toContain(`The audit trail of Tenant ${victim.slug} failed verification at entry ${target.seq}`);
    expect(mails[0].text).toContain(`/t/${victim.slug}/audit`);
  });
});
