import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteMemberRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { POST as inviteRoute } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { POST as acceptRoute } from '@/app/api/v1/invitations/[token]/accept/route';
import { getDb } from '@/db/client';
import { emailOutbox, webhookEvents } from '@/db/schema';
import { drainEnqueuedJobs, stopJobSender } from '@/lib/jobs/enqueue';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { recordWebhookEvent } from '@/lib/webhooks/record-event';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { newMember } from '../support/members';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { deliveriesOf, insertEndpoint } from '../support/webhook-endpoints';

// From the change to the receiver through the real path: the change's transaction writes the event and its
// deliveries, withTenant hands them to the job engine after the commit, the queue's job signs and sends them, and a
// receiver checks each signature with the standardwebhooks library.

let t: TestTenant;
let other: TestTenant;
let receiver: WebhookReceiver;
let otherReceiver: WebhookReceiver;

beforeAll(async () => {
  [t, other] = [await createTenantWithMembers(), await createTenantWithMembers()];
  receiver = await startWebhookReceiver();
  otherReceiver = await startWebhookReceiver();
});

afterAll(async () => {
  await drainEnqueuedJobs();
  await stopJobSender();
  await receiver.close();
  await otherReceiver.close();
});

describe('webhook delivery after the change commits', () => {
  it('a removed member reaches the subscribed endpoint, signed; other types, tenants and switched-off endpoints get nothing', async () => {
    const members = await insertEndpoint(t.id, receiver.url, ['member.*']);
    const batches = await insertEndpoint(t.id, otherReceiver.url, ['batch.*']);
    const off = await insertEndpoint(t.id, otherReceiver.url, ['*'], { enabled: false });
    const elsewhere = await insertEndpoint(other.id, otherReceiver.url, ['*']);
    receiver.secrets = [members.secret];
    otherReceiver.secrets = [batches.secret, off.secret, elsewhere.secret];

    const leaving = await newMember(t, ['viewer'], 'leaving');
    const response = await call(deleteMemberRoute, {
      method: 'DELETE',
      url: `http://localhost/api/v1/tenants/${t.slug}/members/${leaving.membershipId}`,
      params: { tenant: t.slug, id: leaving.membershipId },
      cookie: t.users.admin.cookie,
    });
    expect(response.status).toBe(204);
    await drainEnqueuedJobs();

    const removed = receiver.received.filter((r) => r.payload?.type === 'member.removed');
    expect(removed).toHaveLength(1);
    const [got] = removed;
    expect(got.verifiedWith).toBe(0);
    expect(got.answered).toBe(200);
    expect(got.userAgent).toBe('Custos-Webhooks/1');
    expect(got.contentType).toBe('application/json');
    expect(got.payload!.data).toMatchObject({
      object: { type: 'member', id: leaving.membershipId },
      member: { id: leaving.membershipId, userId: leaving.id, email: leaving.email },
      actor: { type: 'user', id: t.users.admin.id },
    });
    // webhook-id is the event's id.
    const [event] = await withTenant(t.id, (tx) => tx.select().from(webhookEvents).where(eq(webhookEvents.id, got.webhookId)));
    expect(event.type).toBe('member.removed');
    const [delivery] = (await deliveriesOf(t.id, members.id)).filter((d) => d.eventId === event.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 200, leaseUntil: null });

    expect(otherReceiver.received).toEqual([]);
    expect(await deliveriesOf(t.id, batches.id)).toEqual([]);
    expect(await deliveriesOf(t.id, off.id)).toEqual([]);
    expect(await deliveriesOf(other.id, elsewhere.id)).toEqual([]);
  });

  it('an accepted invitation (its own transaction, not withTenant) sends member.joined right after the commit, no sweep needed', async () => {
    const endpoint = await insertEndpoint(t.id, receiver.url, ['member.joined']);
    receiver.secrets = [endpoint.secret];
    const to = `joiner-${unique()}@example.test`;
    const invited = await call(inviteRoute, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${t.slug}/invitations`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { email: to, roles: [t.roleIds.viewer] },
    });
    expect(invited.status).toBe(201);
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.to, to), eq(emailOutbox.template, 'invitation')))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    const before = receiver.received.length;
    const accepted = await call(acceptRoute, {
      method: 'POST',
      url: `http://localhost/api/v1/invitations/${token}/accept`,
      params: { token },
      body: { name: 'Jo Iner', password: 'lantern-orchid-harbour' },
    });
    expect(accepted.status).toBe(200);
    // Only the jobs sent after the commit run here: the deliver-webhooks sweep is not called.
    await drainEnqueuedJobs();
    const joined = receiver.received.slice(before).filter((r) => r.payload?.type === 'member.joined');
    expect(joined).toHaveLength(1);
    expect(joined[0].verifiedWith).toBe(0);
    expect(joined[0].payload!.data).toMatchObject({ member: { email: to } });
  });

  it('a rolled-back change writes no event and sends nothing', async () => {
    const endpoint = await insertEndpoint(t.id, receiver.url, ['*']);
    receiver.secrets = [endpoint.secret];
    const before = receiver.received.length;
    let eventId = '';
    await expect(
      withTenant(t.id, async (tx) => {
        ({ eventId } = await recordWebhookEvent(tx, t.id, 'role.created', { object: { type: 'role', id: 'x' } }));
        throw new Error('the change fails after raising its event');
      }),
    ).rejects.toThrow('the change fails');
    await drainEnqueuedJobs();
    expect(eventId).not.toBe('');
    expect(await withTenant(t.id, (tx) => tx.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)))).toEqual([]);
    expect(await deliveriesOf(t.id, endpoint.id)).toEqual([]);
    expect(receiver.received.length).toBe(before);
  });

  it('one statement raises several events for one change, each to its subscribers, in order', async () => {
    const fresh = await createTenantWithMembers();
    const endpoint = await insertEndpoint(fresh.id, receiver.url, ['batch.released', 'batch.status_changed']);
    await insertEndpoint(fresh.id, otherReceiver.url, ['batch.recalled']);
    receiver.secrets = [endpoint.secret];
    const before = receiver.received.length;
    const { recordWebhookEvents } = await import('@/lib/webhooks/record-event');
    const raised = await withTenant(fresh.id, (tx) =>
      recordWebhookEvents(tx, fresh.id, ['batch.status_changed', 'batch.released'], {
        object: { type: 'batch', id: 'b-1' },
        move: 'released',
      }),
    );
    expect(raised.events.map((e) => e.type)).toEqual(['batch.status_changed', 'batch.released']);
    expect(raised.deliveryIds).toHaveLength(2);
    await drainEnqueuedJobs();
    const types = receiver.received.slice(before).map((r) => r.payload?.type);
    expect(types.sort()).toEqual(['batch.released', 'batch.status_changed']);
    expect(receiver.received.slice(before).every((r) => r.verifiedWith === 0 && r.answered === 200)).toBe(true);
    expect((await deliveriesOf(fresh.id, endpoint.id)).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
  });
});
