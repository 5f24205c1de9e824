import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as EVENT_TYPES } from '@/app/api/v1/tenants/[tenant]/webhook-event-types/route';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/tenants/[tenant]/webhooks/route';
import { DELETE, GET, PATCH } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/route';
import { POST as ROTATE } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/secret/route';
import { GET as DELIVERIES } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/deliveries/route';
import { GET as DELIVERY } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/deliveries/[deliveryId]/route';
import { POST as REPLAY_ONE } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/deliveries/[deliveryId]/replay/route';
import { POST as REPLAY_RANGE } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/replay/route';
import { POST as TEST } from '@/app/api/v1/tenants/[tenant]/webhooks/[id]/test/route';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents } from '@/db/schema';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, webhookEvents } from '@/db/schema/webhooks';
import { openEndpointSecret } from '@/lib/webhooks/endpoint-secret';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import { MAX_ENDPOINTS_PER_TENANT, SECRET_OVERLAP_MS } from '@/lib/webhooks/policy';
import { recordWebhookEvent } from '@/lib/webhooks/record-event';
import { resetEnv } from '@/lib/platform/env';
import { setClock } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant, unique } from '../support/fixtures';

/**
 * This file only queues delivery jobs (JOBS_ENABLED=0, below), hundreds of them for unreachable URLs. Its tenants'
 * queued jobs are removed after each test, so no other file's inline run or engine on a shared database has to work
 * through them first.
 */
const tenantsMade: string[] = [];
async function newTenant(): Promise<TestTenant> {
  const t = await createTenantWithMembers();
  tenantsMade.push(t.id);
  return t;
}
async function dropQueuedDeliveryJobs(): Promise<void> {
  if (tenantsMade.length === 0) return;
  const db = await getDb();
  const [queue] = rowsOf<{ present: boolean }>(await db.execute(sql`select to_regclass('pgboss.job') is not null as present`));
  if (!queue?.present) return;
  await db.execute(sql`
    delete from pgboss.job
     where name = 'webhook-delivery' and state = 'created'
       and data->>'tenantId' in (${sql.join(
         tenantsMade.map((id) => sql`${id}`),
         sql`, `,
       )})`);
}

// A tenant's webhook endpoints through the route handlers: GET/POST …/webhooks, GET/PATCH/DELETE …/webhooks/{id},
// POST …/{id}/secret, GET …/{id}/deliveries(/{deliveryId}), POST …/deliveries/{deliveryId}/replay, POST …/{id}/replay,
// POST …/{id}/test and GET …/webhook-event-types. Only admin holds webhooks.manage.
let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  // These tests look at deliveries as the endpoints' routes leave them; sending them is the sender's part (its own
  // tests): no inline run of the queue after each answer here, the jobs are only queued.
  process.env.JOBS_ENABLED = '0';
  resetEnv();
  acme = await newTenant();
  other = await newTenant();
});

afterAll(async () => {
  await dropQueuedDeliveryJobs();
  // And their deliveries (hundreds, pending for unreachable URLs): another file's engine would sweep them up.
  if (tenantsMade.length > 0) {
    const db = await getDb();
    await db.execute(
      sql`delete from webhook_endpoints where tenant_id in (${sql.join(
        tenantsMade.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  delete process.env.JOBS_ENABLED;
  resetEnv();
});

afterEach(async () => {
  setClock();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  resetEnv();
  await dropQueuedDeliveryJobs();
});

type Role = keyof TestTenant['users'];
const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}/webhooks`;
const as = (t: TestTenant, role: Role = 'admin') => t.users[role].cookie;

const create = (t: TestTenant, body: unknown, cookie = as(t)) =>
  call(CREATE, { method: 'POST', url: base(t), params: { tenant: t.slug }, cookie, body });
const list = (t: TestTenant, cookie = as(t)) => call(LIST, { url: base(t), params: { tenant: t.slug }, cookie });
const one = (t: TestTenant, id: string, cookie = as(t)) => call(GET, { url: `${base(t)}/${id}`, params: { tenant: t.slug, id }, cookie });
const patch = (t: TestTenant, id: string, body: unknown, cookie = as(t)) =>
  call(PATCH, { method: 'PATCH', url: `${base(t)}/${id}`, params: { tenant: t.slug, id }, cookie, body });
const remove = (t: TestTenant, id: string, cookie = as(t)) =>
  call(DELETE, { method: 'DELETE', url: `${base(t)}/${id}`, params: { tenant: t.slug, id }, cookie });
const rotate = (t: TestTenant, id: string, cookie = as(t)) =>
  call(ROTATE, { method: 'POST', url: `${base(t)}/${id}/secret`, params: { tenant: t.slug, id }, cookie });
const sendTest = (t: TestTenant, id: string, cookie = as(t)) =>
  call(TEST, { method: 'POST', url: `${base(t)}/${id}/test`, params: { tenant: t.slug, id }, cookie });
const deliveries = (t: TestTenant, id: string, query: Record<string, string> = {}, cookie = as(t)) =>
  call(DELIVERIES, { url: `${base(t)}/${id}/deliveries?${new URLSearchParams(query)}`, params: { tenant: t.slug, id }, cookie });
const delivery = (t: TestTenant, id: string, deliveryId: string, cookie = as(t)) =>
  call(DELIVERY, { url: `${base(t)}/${id}/deliveries/${deliveryId}`, params: { tenant: t.slug, id, deliveryId }, cookie });
const replayOne = (t: TestTenant, id: string, deliveryId: string, cookie = as(t)) =>
  call(REPLAY_ONE, {
    method: 'POST',
    url: `${base(t)}/${id}/deliveries/${deliveryId}/replay`,
    params: { tenant: t.slug, id, deliveryId },
    cookie,
  });
const replayRange = (t: TestTenant, id: string, body: unknown, cookie = as(t)) =>
  call(REPLAY_RANGE, { method: 'POST', url: `${base(t)}/${id}/replay`, params: { tenant: t.slug, id }, cookie, body });

const endpointBody = (extra: Record<string, unknown> = {}) => ({
  url: `https://hooks.example.com/custos/${unique()}`,
  description: 'HR system',
  events: ['member.*', 'role.updated'],
  ...extra,
});

async function newEndpoint(t: TestTenant, extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await create(t, endpointBody(extra));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: res.json.id as string, secret: res.json.secret as string };
}

async function counts(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    endpoints: (await tx.select({ n: count() }).from(webhookEndpoints))[0].n,
    events: (await tx.select({ n: count() }).from(webhookEvents))[0].n,
    deliveries: (await tx.select({ n: count() }).from(webhookDeliveries))[0].n,
    audit: (await tx.select({ n: count() }).from(auditEvents))[0].n,
  }));
}

const storedEndpoint = (tenantId: string, id: string) =>
  withTenant(tenantId, async (tx) => (await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]);

const auditOf = (tenantId: string, action: string, targetId: string) =>
  withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId))),
  );

describe('adding and reading endpoints', () => {
  it('adds an endpoint; the secret is in that answer only, sealed at rest, and never read back', async () => {
    const res = await create(acme, endpointBody({ format: 'slack', events: ['member.*', 'member.removed', '*'] }));
    expect(res.status).toBe(201);
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(res.json).toMatchObject({ description: 'HR system', format: 'slack', events: ['*'], enabled: true, lastDelivery: null });
    const id = res.json.id as string;

    const row = await storedEndpoint(acme.id, id);
    expect(row.secretSealed).not.toContain(res.json.secret);
    expect(openEndpointSecret(row.secretSealed, id)).toBe(res.json.secret);

    const got = await one(acme, id);
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.json)).not.toContain('whsec_');
    expect(got.json).not.toHaveProperty('secret');
    const listed = await list(acme);
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((e: { id: string }) => e.id)).toContain(id);
    expect(JSON.stringify(listed.json)).not.toContain('whsec_');

    const [audit] = await auditOf(acme.id, 'webhook_endpoint.created', id);
    expect(audit.after).toMatchObject({ url: row.url, format: 'slack', events: ['*'] });
    expect(JSON.stringify(audit)).not.toContain('whsec_');
    expect(JSON.stringify(audit)).not.toContain(row.secretSealed);
  });

  it('adds an endpoint switched off when asked', async () => {
    const res = await create(acme, endpointBody({ enabled: false }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ enabled: false, disabledReason: 'manual' });
  });

  it('lists the event type catalog', async () => {
    const res = await call(EVENT_TYPES, { params: { tenant: acme.slug }, cookie: as(acme) });
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(WEBHOOK_EVENT_TYPES.length);
    expect(res.json.data[0]).toEqual({ type: 'member.joined', family: 'member', description: WEBHOOK_EVENT_TYPES[0].description });
  });
});

describe('who may', () => {
  it.each(['manager', 'qa', 'operator', 'viewer'] as const)('%s: 403 on every webhook route, and nothing written', async (role) => {
    const { id } = await newEndpoint(acme);
    const before = await counts(acme.id);
    const cookie = as(acme, role);
    const statuses = [
      (await list(acme, cookie)).status,
      (await create(acme, endpointBody(), cookie)).status,
      (await one(acme, id, cookie)).status,
      (await patch(acme, id, { enabled: false }, cookie)).status,
      (await remove(acme, id, cookie)).status,
      (await rotate(acme, id, cookie)).status,
      (await sendTest(acme, id, cookie)).status,
      (await deliveries(acme, id, {}, cookie)).status,
      (await replayRange(acme, id, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, cookie)).status,
      (await call(EVENT_TYPES, { params: { tenant: acme.slug }, cookie })).status,
    ];
    expect(statuses).toEqual(statuses.map(() => 403));
    expect(await counts(acme.id)).toEqual(before);
    expect((await storedEndpoint(acme.id, id)).enabled).toBe(true);
  });

  it("another tenant's endpoint and delivery are 404 everywhere, and stay as they were", async () => {
    const theirs = await newEndpoint(other);
    const sent = await sendTest(other, theirs.id);
    expect(sent.status).toBe(201);
    const before = await counts(other.id);
    const statuses = [
      (await one(acme, theirs.id)).status,
      (await patch(acme, theirs.id, { enabled: false })).status,
      (await remove(acme, theirs.id)).status,
      (await rotate(acme, theirs.id)).status,
      (await sendTest(acme, theirs.id)).status,
      (await deliveries(acme, theirs.id)).status,
      (await delivery(acme, theirs.id, sent.json.deliveryId)).status,
      (await replayOne(acme, theirs.id, sent.json.deliveryId)).status,
      (await replayRange(acme, theirs.id, { from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' })).status,
    ];
    expect(statuses).toEqual(statuses.map(() => 404));
    expect(await counts(other.id)).toEqual(before);
    const row = await storedEndpoint(other.id, theirs.id);
    expect(row.enabled).toBe(true);
    expect(row.previousSecretSealed).toBeNull();
  });

  it("a delivery of another endpoint of the same tenant is 404 under this endpoint's path", async () => {
    const a = await newEndpoint(acme);
    const b = await newEndpoint(acme);
    const sent = await sendTest(acme, b.id);
    expect((await delivery(acme, a.id, sent.json.deliveryId)).status).toBe(404);
    expect((await replayOne(acme, a.id, sent.json.deliveryId)).status).toBe(404);
  });
});

describe('bad input: 400 naming the field, nothing written', () => {
  let acme: TestTenant;
  beforeAll(async () => {
    acme = await newTenant();
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a relative URL', { url: '/hooks/custos' }, 'url'],
    ['a URL that is not http', { url: 'ftp://hooks.example.com/x' }, 'url'],
    ['plain http on the internet', { url: 'http://hooks.example.com/x' }, 'url'],
    ['a user name and password in the URL', { url: 'https://user:pass@hooks.example.com/x' }, 'url'],
    ['a private address', { url: 'https://10.1.2.3/hook' }, 'url'],
    ['a link-local address', { url: 'https://169.254.169.254/latest' }, 'url'],
    ['a private IPv6 address', { url: 'https://[fd00::1]:8443/hook' }, 'url'],
    ['a URL over 2000 characters', { url: `https://hooks.example.com/${'x'.repeat(2000)}` }, 'url'],
    ['an unknown event type', { events: ['member.updated', 'member.exploded'] }, 'events.1'],
    ['an unknown family', { events: ['spaceship.*'] }, 'events.0'],
    ['no event types', { events: [] }, 'events'],
    ['events not a list', { events: 'member.updated' }, 'events'],
    ['an unknown format', { format: 'discord' }, 'format'],
    ['enabled not a boolean', { enabled: 'yes' }, 'enabled'],
    ['a description over 500 characters', { description: 'x'.repeat(501) }, 'description'],
    ['an unknown field', { secret: 'whsec_mine' }, 'secret'],
  ];

  it.each(cases)('create with %s', async (_what, extra, path) => {
    const before = await counts(acme.id);
    const res = await create(acme, endpointBody(extra));
    expect(res.status).toBe(400);
    expect(res.json.errors.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts(acme.id)).toEqual(before);
  });

  it.each(cases.filter(([, , path]) => path !== 'secret'))('change with %s', async (_what, extra, path) => {
    const { id } = await newEndpoint(acme);
    const stored = await storedEndpoint(acme.id, id);
    const res = await patch(acme, id, extra);
    expect(res.status).toBe(400);
    expect(res.json.errors.map((d: { path: string }) => d.path)).toContain(path);
    expect(await storedEndpoint(acme.id, id)).toEqual(stored);
  });

  it('localhost over http is allowed outside production; private addresses with WEBHOOKS_ALLOW_PRIVATE=1', async () => {
    expect((await create(acme, endpointBody({ url: 'http://localhost:4000/hook' }))).status).toBe(201);
    expect((await create(acme, endpointBody({ url: 'http://10.1.2.3/hook' }))).status).toBe(400);
    process.env.WEBHOOKS_ALLOW_PRIVATE = '1';
    resetEnv();
    expect((await create(acme, endpointBody({ url: 'http://10.1.2.3/hook' }))).status).toBe(201);
  });

  it('a replay range that ends before it starts, or is not a time', async () => {
    const { id } = await newEndpoint(acme);
    const before = await counts(acme.id);
    const backwards = await replayRange(acme, id, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors[0].path).toBe('to');
    const notTime = await replayRange(acme, id, { from: 'yesterday', to: '2026-01-01T00:00:00Z' });
    expect(notTime.status).toBe(400);
    expect(notTime.json.errors[0].path).toBe('from');
    const badStatus = await deliveries(acme, id, { status: 'lost' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.errors[0].path).toBe('query.status');
    expect(await counts(acme.id)).toEqual(before);
  });

  it(`a tenant keeps at most ${MAX_ENDPOINTS_PER_TENANT} endpoints (409)`, async () => {
    const t = await newTenant();
    for (let i = 0; i < MAX_ENDPOINTS_PER_TENANT; i++) await newEndpoint(t);
    const res = await create(t, endpointBody());
    expect(res.status).toBe(409);
    expect((await counts(t.id)).endpoints).toBe(MAX_ENDPOINTS_PER_TENANT);
  });
});

describe('changing, switching off and on, deleting', () => {
  let acme: TestTenant;
  beforeAll(async () => {
    acme = await newTenant();
  });

  it('changes the URL, events and format, audited with both sides and no secret', async () => {
    const { id } = await newEndpoint(acme);
    const res = await patch(acme, id, { url: 'https://hooks.example.com/new', events: ['batch.*'], format: 'teams' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ url: 'https://hooks.example.com/new', events: ['batch.*'], format: 'teams' });
    const [audit] = await auditOf(acme.id, 'webhook_endpoint.updated', id);
    expect(audit.after).toMatchObject({ url: 'https://hooks.example.com/new', events: ['batch.*'], format: 'teams' });
    expect(audit.before).toMatchObject({ format: 'standard' });
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });

  it('switching on an endpoint Custos switched off for failing clears the failure record', async () => {
    const { id } = await newEndpoint(acme);
    const failingSince = new Date(Date.now() - 6 * 86_400_000);
    await withTenant(acme.id, (tx) =>
      tx
        .update(webhookEndpoints)
        .set({ enabled: false, disabledReason: 'failing', disabledAt: new Date(), failingSince })
        .where(eq(webhookEndpoints.id, id)),
    );
    const off = await one(acme, id);
    expect(off.json).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const res = await patch(acme, id, { enabled: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
    const row = await storedEndpoint(acme.id, id);
    expect([row.disabledReason, row.disabledAt, row.failingSince]).toEqual([null, null, null]);
  });

  it('switching off by hand says so; an endpoint that is off takes no test event or replay (409)', async () => {
    const { id } = await newEndpoint(acme);
    const res = await patch(acme, id, { enabled: false });
    expect(res.json).toMatchObject({ enabled: false, disabledReason: 'manual' });
    const before = await counts(acme.id);
    expect((await sendTest(acme, id)).status).toBe(409);
    expect((await replayRange(acme, id, { from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' })).status).toBe(409);
    expect(await counts(acme.id)).toEqual(before);
  });

  it('deletes an endpoint with its deliveries; audited; a second delete is 404', async () => {
    const { id } = await newEndpoint(acme);
    const sent = await sendTest(acme, id);
    expect((await remove(acme, id)).status).toBe(204);
    expect((await one(acme, id)).status).toBe(404);
    expect((await remove(acme, id)).status).toBe(404);
    const left = await withTenant(acme.id, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, sent.json.deliveryId)),
    );
    expect(left).toEqual([]);
    const [audit] = await auditOf(acme.id, 'webhook_endpoint.deleted', id);
    expect(audit.before).toMatchObject({ events: ['member.*', 'role.updated'] });
  });
});

describe('rotating the secret', () => {
  let acme: TestTenant;
  beforeAll(async () => {
    acme = await newTenant();
  });

  it('gives a new secret once; the previous one keeps signing for 24 hours; a second rotation keeps the one just replaced', async () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    setClock({ at });
    const { id, secret: first } = await newEndpoint(acme);
    const r1 = await rotate(acme, id);
    expect(r1.status).toBe(200);
    const second = r1.json.secret as string;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(r1.json.previousSecretExpiresAt).toBe(new Date(at.getTime() + SECRET_OVERLAP_MS).toISOString());
    let row = await storedEndpoint(acme.id, id);
    expect(openEndpointSecret(row.secretSealed, id)).toBe(second);
    expect(openEndpointSecret(row.previousSecretSealed!, id)).toBe(first);
    expect((await one(acme, id)).json).not.toHaveProperty('secret');

    setClock({ at: new Date(at.getTime() + 3_600_000) });
    const r2 = await rotate(acme, id);
    const third = r2.json.secret as string;
    row = await storedEndpoint(acme.id, id);
    expect(openEndpointSecret(row.secretSealed, id)).toBe(third);
    expect(openEndpointSecret(row.previousSecretSealed!, id)).toBe(second);
    expect(row.previousSecretExpiresAt!.toISOString()).toBe(new Date(at.getTime() + 3_600_000 + SECRET_OVERLAP_MS).toISOString());

    const audits = await auditOf(acme.id, 'webhook_endpoint.secret_rotated', id);
    expect(audits).toHaveLength(2);
    for (const secret of [first, second, third]) expect(JSON.stringify(audits)).not.toContain(secret);
  });
});

describe('test events, the delivery log and replays', () => {
  let acme: TestTenant;
  beforeAll(async () => {
    acme = await newTenant();
  });

  it('a test event is one event and one delivery, to this endpoint only', async () => {
    const t = await newTenant();
    const { id } = await newEndpoint(t, { events: ['member.updated'] });
    const { id: everything } = await newEndpoint(t, { events: ['*'] });
    const res = await sendTest(t, id);
    expect(res.status).toBe(201);
    const rows = await withTenant(t.id, async (tx) => ({
      events: await tx.select().from(webhookEvents),
      deliveries: await tx.select().from(webhookDeliveries),
    }));
    expect(rows.events).toHaveLength(1);
    expect(rows.events[0]).toMatchObject({ id: res.json.eventId, type: 'webhook.test' });
    expect(rows.events[0].payload).toMatchObject({ type: 'webhook.test', data: { tenant: t.slug } });
    expect(rows.deliveries).toHaveLength(1);
    expect(rows.deliveries[0]).toMatchObject({ id: res.json.deliveryId, endpointId: id, status: 'pending' });
    expect(rows.deliveries.some((d) => d.endpointId === everything)).toBe(false);
    const [audit] = await auditOf(t.id, 'webhook_endpoint.test_sent', id);
    expect(audit.after).toMatchObject({ eventId: res.json.eventId });
  });

  it('lists deliveries newest first in pages, filters by status, and shows one with its attempts', async () => {
    const { id } = await newEndpoint(acme);
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      setClock({ at: new Date(Date.UTC(2026, 3, 1, 8, i)) });
      sent.push((await sendTest(acme, id)).json.deliveryId as string);
    }
    setClock();
    // The sender's record of two attempts on the first delivery: a 503, then a 200.
    await withTenant(acme.id, async (tx) => {
      await tx.insert(webhookDeliveryAttempts).values([
        {
          tenantId: acme.id,
          deliveryId: sent[0],
          endpointId: id,
          attempt: 1,
          startedAt: new Date('2026-04-01T08:00:01Z'),
          durationMs: 120,
          statusCode: 503,
          error: 'The receiver answered 503.',
          succeeded: false,
        },
        {
          tenantId: acme.id,
          deliveryId: sent[0],
          endpointId: id,
          attempt: 2,
          startedAt: new Date('2026-04-01T08:01:01Z'),
          durationMs: 80,
          statusCode: 200,
          error: null,
          succeeded: true,
        },
      ]);
      await tx
        .update(webhookDeliveries)
        .set({ status: 'succeeded', attempts: 2, lastStatusCode: 200, lastDurationMs: 80, deliveredAt: new Date('2026-04-01T08:01:01Z') })
        .where(eq(webhookDeliveries.id, sent[0]));
    });

    const first = await deliveries(acme, id, { limit: '2' });
    expect(first.status).toBe(200);
    expect(first.json.data.map((d: { id: string }) => d.id)).toEqual([sent[2], sent[1]]);
    expect(first.json.data[0]).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempts: 0 });
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await deliveries(acme, id, { limit: '2', cursor: first.json.nextCursor });
    expect(second.json.data.map((d: { id: string }) => d.id)).toEqual([sent[0]]);
    expect(second.json.nextCursor).toBeNull();
    const succeeded = await deliveries(acme, id, { status: 'succeeded' });
    expect(succeeded.json.data.map((d: { id: string }) => d.id)).toEqual([sent[0]]);
    expect(succeeded.json.data[0]).toMatchObject({ lastStatusCode: 200, lastDurationMs: 80, attempts: 2, nextAttemptAt: null });

    const detail = await delivery(acme, id, sent[0]);
    expect(detail.status).toBe(200);
    expect(detail.json.payload).toMatchObject({ type: 'webhook.test' });
    expect(detail.json.attemptLog).toEqual([
      {
        attempt: 1,
        startedAt: '2026-04-01T08:00:01.000Z',
        durationMs: 120,
        statusCode: 503,
        error: 'The receiver answered 503.',
        succeeded: false,
      },
      { attempt: 2, startedAt: '2026-04-01T08:01:01.000Z', durationMs: 80, statusCode: 200, error: null, succeeded: true },
    ]);
    expect((await one(acme, id)).json.lastDelivery).toMatchObject({ status: 'pending', at: '2026-04-01T08:02:00.000Z' });
  });

  it('replays one delivery: pending again, due now, same event; audited', async () => {
    const { id } = await newEndpoint(acme);
    const sent = await sendTest(acme, id);
    await withTenant(acme.id, (tx) =>
      tx
        .update(webhookDeliveries)
        .set({ status: 'failed', attempts: 9, nextAttemptAt: new Date('2026-01-01T00:00:00Z') })
        .where(eq(webhookDeliveries.id, sent.json.deliveryId)),
    );
    const at = new Date('2026-05-01T12:00:00.000Z');
    setClock({ at });
    const res = await replayOne(acme, id, sent.json.deliveryId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deliveryIds: [sent.json.deliveryId] });
    const [row] = await withTenant(acme.id, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, sent.json.deliveryId)),
    );
    expect(row).toMatchObject({ status: 'pending', attempts: 9, eventId: sent.json.eventId });
    expect(row.nextAttemptAt.toISOString()).toBe(at.toISOString());
    const [audit] = await auditOf(acme.id, 'webhook_endpoint.replayed', id);
    expect(audit.after).toMatchObject({ deliveries: 1, eventId: sent.json.eventId });
  });

  it('replays a range: resets deliveries made, creates missing ones for subscribed events, leaves the rest', async () => {
    const t = await newTenant();
    const at = (h: number) => new Date(Date.UTC(2026, 5, 1, h));
    // Events before the endpoint existed: member.updated (subscribed), batch.released (not), one outside the range.
    const raise = async (hour: number, type: string) => {
      setClock({ at: at(hour) });
      return withTenant(t.id, (tx) => recordWebhookEvent(tx, t.id, type, { n: hour }));
    };
    const early = await raise(1, 'member.updated');
    const inRange = await raise(3, 'member.updated');
    await raise(4, 'batch.released');
    setClock({ at: at(5) });
    const { id } = await newEndpoint(t, { events: ['member.*'] });
    const made = await raise(6, 'member.removed'); // delivered at once: the endpoint exists now
    expect(made.deliveryIds).toHaveLength(1);
    await withTenant(t.id, (tx) =>
      tx.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.id, made.deliveryIds[0])),
    );
    const test = await sendTest(t, id); // a test event in range: sent here before, so it is replayed too

    setClock({ at: at(8) });
    const res = await replayRange(t, id, { from: at(2).toISOString(), to: at(8).toISOString() });
    expect(res.status).toBe(200);
    expect(res.json.deliveryIds).toHaveLength(3);
    const rows = await withTenant(t.id, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)));
    const byEvent = new Map(rows.map((r) => [r.eventId, r]));
    expect(byEvent.has(early.eventId)).toBe(false);
    expect(byEvent.get(inRange.eventId)).toMatchObject({ status: 'pending' });
    expect(byEvent.get(made.eventId)).toMatchObject({ id: made.deliveryIds[0], status: 'pending' });
    expect(byEvent.get(test.json.eventId)).toMatchObject({ id: test.json.deliveryId, status: 'pending' });
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.nextAttemptAt.toISOString()).toBe(at(8).toISOString());
    const [audit] = await auditOf(t.id, 'webhook_endpoint.replayed', id);
    expect(audit.after).toMatchObject({ deliveries: 3, from: at(2).toISOString(), to: at(8).toISOString() });
  });

  it('refuses a range of more than 1000 events (400 naming to), writing nothing', async () => {
    const t = await newTenant();
    const { id } = await newEndpoint(t, { events: ['role.*'] });
    await withTenant(t.id, (tx) =>
      tx.execute(sql`
        insert into webhook_events (tenant_id, type, payload, created_at)
        select ${t.id}, 'role.updated', jsonb_build_object('type', 'role.updated', 'timestamp', '2026-07-01T00:00:00Z', 'data', '{}'::jsonb),
               '2026-07-01T00:00:00Z'::timestamptz + (g * interval '1 second')
        from generate_series(1, 1001) g`),
    );
    const before = await counts(t.id);
    const res = await replayRange(t, id, { from: '2026-07-01T00:00:00Z', to: '2026-07-02T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('to');
    expect(await counts(t.id)).toEqual(before);
    const ok = await replayRange(t, id, { from: '2026-07-01T00:00:00Z', to: '2026-07-01T00:10:00Z' });
    expect(ok.status).toBe(200);
    expect(ok.json.deliveryIds).toHaveLength(599);
  });
});
