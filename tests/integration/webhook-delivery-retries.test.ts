import { and, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, emailOutbox } from '@/db/schema';
import { drainEnqueuedJobs, stopJobSender } from '@/lib/jobs/enqueue';
import { now, setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { GIVE_UP_AFTER_MS } from '@/lib/webhooks/delivery-policy';
import { newEndpointSecret } from '@/lib/webhooks/endpoint-secret';
import { recordWebhookEvent } from '@/lib/webhooks/record-event';
import { sweepWebhookDeliveries } from '@/lib/webhooks/sweep-deliveries';
import { deliverWebhook, type WebhookDeliveryOutcome } from '@/lib/webhooks/webhook-delivery-job';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { attemptsOf, deliveriesOf, endpointRow, insertEndpoint } from '../support/webhook-endpoints';

// The delivery job driven by hand on a controllable clock (no worker takes the queued jobs: JOBS_ENABLED=0), against
// a receiver verifying every signature with the standardwebhooks library.

let t: TestTenant;
let receiver: WebhookReceiver;
const T0 = new Date('2031-03-03T08:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  process.env.JOBS_ENABLED = '0';
  resetEnv();
  t = await createTenantWithMembers();
  receiver = await startWebhookReceiver();
});

afterEach(() => setClock());

afterAll(async () => {
  await drainEnqueuedJobs();
  await stopJobSender();
  await receiver.close();
  delete process.env.JOBS_ENABLED;
  resetEnv();
});

async function raise(tenantId: string, type = 'member.updated') {
  const { eventId, deliveryIds } = await withTenant(tenantId, (tx) =>
    recordWebhookEvent(tx, tenantId, type, { object: { type: 'member', id: 'm' } }),
  );
  return { eventId, deliveryId: deliveryIds[0] };
}

/** Run the job at each next attempt until it stops retrying; the clock follows. */
async function driveUntilSettled(tenantId: string, deliveryId: string, onAttempt?: (n: number) => void): Promise<WebhookDeliveryOutcome[]> {
  const outcomes: WebhookDeliveryOutcome[] = [];
  for (let n = 1; n < 40; n++) {
    onAttempt?.(n);
    const outcome = await deliverWebhook({ tenantId, deliveryId });
    outcomes.push(outcome);
    if (outcome.outcome !== 'retrying') return outcomes;
    setClock({ at: outcome.nextAttemptAt });
  }
  throw new Error('never settled');
}

describe('a receiver down for hours', () => {
  it('is tried again on the backoff, then delivered; the log shows every attempt; a job too early does nothing', async () => {
    setClock({ at: T0 });
    const endpoint = await insertEndpoint(t.id, receiver.url, ['member.*']);
    receiver.secrets = [endpoint.secret];
    receiver.mode = { kind: 'status', status: 503 };
    const { eventId, deliveryId } = await raise(t.id);

    const first = await deliverWebhook({ tenantId: t.id, deliveryId });
    expect(first).toMatchObject({ outcome: 'retrying', status: 503, error: 'The receiver answered 503' });
    // Not due yet: a second job (a duplicate, the sweep) does nothing.
    expect(await deliverWebhook({ tenantId: t.id, deliveryId })).toEqual({ outcome: 'skipped' });
    expect(await sweepWebhookDeliveries({ tenantIds: [t.id] })).toMatchObject({ enqueued: 0 });
    setClock({ at: (first as { nextAttemptAt: Date }).nextAttemptAt });
    expect((await sweepWebhookDeliveries({ tenantIds: [t.id] })).enqueued).toBeGreaterThanOrEqual(1);

    // Down for about four hours: the receiver comes back at the attempt after T0 + 3 h.
    const outcomes = await driveUntilSettled(t.id, deliveryId, () => {
      if (now().getTime() - T0.getTime() > 3 * HOUR) receiver.mode = { kind: 'ok' };
    });
    expect(outcomes.at(-1)).toEqual({ outcome: 'succeeded', status: 200 });
    const attempts = await attemptsOf(t.id, deliveryId);
    const waits = attempts.slice(1).map((a, i) => (a.startedAt.getTime() - attempts[i].startedAt.getTime()) / 1000);
    expect(waits).toEqual([5, 30, 120, 600, 1800, 3600, 7200]);
    expect(attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503, 503, 200]);
    expect(attempts.map((a) => a.succeeded)).toEqual([false, false, false, false, false, false, false, true]);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const [delivery] = await deliveriesOf(t.id, endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 8, lastStatusCode: 200, lastError: null });
    // Every attempt carried the same webhook-id (the event), each verified.
    const sent = receiver.received.filter((r) => r.webhookId === eventId);
    expect(sent).toHaveLength(8);
    expect(sent.every((r) => r.verifiedWith === 0)).toBe(true);
    expect((await endpointRow(t.id, endpoint.id)).failingSince).toBeNull();
  });

  it('gives up after three days (failed), and after five days of failure switches the endpoint off, audited, managers mailed once', async () => {
    const tenant = await createTenantWithMembers();
    setClock({ at: T0 });
    const endpoint = await insertEndpoint(tenant.id, receiver.url, ['*']);
    receiver.secrets = [endpoint.secret];
    receiver.mode = { kind: 'status', status: 500 };
    const { deliveryId } = await raise(tenant.id);
    const outcomes = await driveUntilSettled(tenant.id, deliveryId);
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'failed', status: 500, endpointDisabled: false });
    const attempts = await attemptsOf(tenant.id, deliveryId);
    const last = attempts.at(-1)!.startedAt.getTime();
    expect(last - T0.getTime()).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
    expect(last - T0.getTime()).toBeGreaterThan(GIVE_UP_AFTER_MS - 8 * HOUR);
    const [delivery] = await deliveriesOf(tenant.id, endpoint.id);
    expect(delivery.status).toBe('failed');
    expect((await endpointRow(tenant.id, endpoint.id)).failingSince).toEqual(T0);
    expect(await deliverWebhook({ tenantId: tenant.id, deliveryId })).toEqual({ outcome: 'skipped' });

    // A later event keeps failing; at five days since the first failure the endpoint is switched off.
    setClock({ at: new Date(T0.getTime() + 4 * DAY) });
    const later = await raise(tenant.id);
    const more = await driveUntilSettled(tenant.id, later.deliveryId);
    expect(more.at(-1)).toMatchObject({ outcome: 'failed', endpointDisabled: true });
    const off = await endpointRow(tenant.id, endpoint.id);
    expect(off).toMatchObject({ enabled: false, disabledReason: 'failing' });
    expect(off.disabledAt!.getTime() - T0.getTime()).toBeGreaterThanOrEqual(5 * DAY);
    const audits = await withTenant(tenant.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'webhook_endpoint.disabled'), eq(auditEvents.targetId, endpoint.id))),
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: 'system', targetType: 'webhook_endpoint' });
    const mail = await (
      await getDb()
    )
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, 'webhookEndpointDisabled'), eq(emailOutbox.to, tenant.users.admin.email.toLowerCase())));
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(receiver.url);
    // The viewer cannot manage webhooks: not mailed.
    const viewerMail = await (await getDb()).select().from(emailOutbox).where(eq(emailOutbox.to, tenant.users.viewer.email.toLowerCase()));
    expect(viewerMail.filter((m) => m.template === 'webhookEndpointDisabled')).toEqual([]);

    // Switched off: new events make no delivery to it.
    const afterOff = await raise(tenant.id);
    expect(afterOff.deliveryId).toBeUndefined();
  });
});

describe('a secret rotation', () => {
  it('signs with both secrets during the overlap (a receiver with either verifies), with the new one only after it', async () => {
    const tenant = await createTenantWithMembers();
    setClock({ at: T0 });
    const oldSecret = newEndpointSecret();
    const endpoint = await insertEndpoint(tenant.id, receiver.url, ['role.*'], {
      previous: { secret: oldSecret, expiresAt: new Date(T0.getTime() + DAY) },
    });
    receiver.mode = { kind: 'ok' };
    receiver.secrets = [oldSecret];
    const during = await raise(tenant.id, 'role.updated');
    expect(await deliverWebhook({ tenantId: tenant.id, deliveryId: during.deliveryId })).toEqual({ outcome: 'succeeded', status: 200 });
    const got = receiver.received.find((r) => r.webhookId === during.eventId)!;
    expect(got.verifiedWith).toBe(0);
    expect(got.signature.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': got.webhookId, 'webhook-timestamp': got.timestamp, 'webhook-signature': got.signature };
    expect(new Webhook(endpoint.secret).verify(got.body, headers)).toMatchObject({ type: 'role.updated' });

    setClock({ at: new Date(T0.getTime() + DAY + 1000) });
    receiver.secrets = [oldSecret, endpoint.secret];
    const after = await raise(tenant.id, 'role.updated');
    await deliverWebhook({ tenantId: tenant.id, deliveryId: after.deliveryId });
    const gotAfter = receiver.received.find((r) => r.webhookId === after.eventId)!;
    expect(gotAfter.signature.split(' ')).toHaveLength(1);
    expect(gotAfter.verifiedWith).toBe(1);
  });
});

describe('outbound limits', () => {
  it('refuses private addresses in production mode, with the reason in the log; a 3xx is a failure; a hang times out', async () => {
    const tenant = await createTenantWithMembers();
    receiver.mode = { kind: 'ok' };
    const endpoint = await insertEndpoint(tenant.id, receiver.url.replace('127.0.0.1', 'localhost'), ['*']);
    receiver.secrets = [endpoint.secret];
    const before = receiver.received.length;
    const refused = await raise(tenant.id);
    const outcome = await deliverWebhook({ tenantId: tenant.id, deliveryId: refused.deliveryId }, { allowPrivate: false });
    expect(outcome).toMatchObject({ outcome: 'retrying', status: null });
    expect((outcome as { error: string }).error).toMatch(
      /^Refused: localhost resolves to .* is a private, loopback or link-local address$/,
    );
    expect(receiver.received.length).toBe(before);
    const [attempt] = await attemptsOf(tenant.id, refused.deliveryId);
    expect(attempt).toMatchObject({ succeeded: false, statusCode: null });
    expect(attempt.error).toMatch(/^Refused: localhost resolves to/);
    // Allowed (WEBHOOKS_ALLOW_PRIVATE=1, or outside production): delivered at its next attempt.
    setClock({ advanceMs: 10_000 });
    expect(await deliverWebhook({ tenantId: tenant.id, deliveryId: refused.deliveryId }, { allowPrivate: true })).toEqual({
      outcome: 'succeeded',
      status: 200,
    });

    receiver.mode = { kind: 'redirect', location: `${receiver.url}/elsewhere` };
    const redirected = await raise(tenant.id);
    const count = receiver.received.length;
    expect(await deliverWebhook({ tenantId: tenant.id, deliveryId: redirected.deliveryId })).toMatchObject({
      outcome: 'retrying',
      status: 302,
      error: 'The receiver answered 302: redirects are not followed',
    });
    expect(receiver.received.length).toBe(count + 1);

    receiver.mode = { kind: 'hang' };
    const hung = await raise(tenant.id);
    const timedOut = await deliverWebhook({ tenantId: tenant.id, deliveryId: hung.deliveryId }, { timeoutMs: 300 });
    expect(timedOut).toMatchObject({ outcome: 'retrying', status: null, error: 'No answer within 0.3 s' });
    receiver.release();
    receiver.mode = { kind: 'ok' };
  });
});

describe('the sweep across tenants', () => {
  it('queues every tenant’s first due delivery ahead of any tenant’s second, so one backlog holds nobody else back', async () => {
    const big = await createTenantWithMembers();
    const small = await createTenantWithMembers();
    await insertEndpoint(big.id, 'https://hooks.example.com/custos/backlog', ['member.*']);
    await insertEndpoint(small.id, receiver.url, ['member.*']);
    for (let i = 0; i < 5; i++) await raise(big.id);
    const { deliveryId: smallDelivery } = await raise(small.id);
    await drainEnqueuedJobs();
    const db = await getDb();
    const tenants = sql`${big.id}, ${small.id}`;
    try {
      // The jobs of the commits themselves (already sent) are not the sweep's: only its own are looked at.
      await db.execute(sql`delete from pgboss.job where name = 'webhook-delivery' and data->>'tenantId' in (${tenants})`);
      expect(await sweepWebhookDeliveries({ tenantIds: [big.id, small.id] })).toMatchObject({ tenants: 2, enqueued: 6 });
      await drainEnqueuedJobs();
      // The order in which a worker fetches them (pg-boss: priority first, then creation).
      const queued = rowsOf<{ tenant: string; delivery: string; priority: number }>(
        await db.execute(sql`
          select data->>'tenantId' as tenant, data->>'deliveryId' as delivery, priority from pgboss.job
           where name = 'webhook-delivery' and state = 'created' and data->>'tenantId' in (${tenants})
           order by priority desc, created_on`),
      );
      expect(queued).toHaveLength(6);
      expect(new Set(queued.slice(0, 2).map((j) => j.tenant))).toEqual(new Set([big.id, small.id]));
      expect(queued.find((j) => j.tenant === small.id)).toMatchObject({ delivery: smallDelivery, priority: 0 });
      expect(queued.filter((j) => j.tenant === big.id).map((j) => j.priority)).toEqual([0, -1, -2, -3, -4]);
    } finally {
      // Leave nothing due behind for other files' engines on a shared database.
      await db.execute(sql`delete from pgboss.job where name = 'webhook-delivery' and data->>'tenantId' in (${tenants})`);
      await db.execute(sql`delete from webhook_endpoints where tenant_id in (${tenants})`);
    }
  });
});
