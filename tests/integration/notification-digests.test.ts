import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as digestRoute from '@/app/api/v1/tenants/[tenant]/notification-digests/[id]/route';
import * as digestsRoute from '@/app/api/v1/tenants/[tenant]/notification-digests/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, notificationDigests } from '@/db/schema';
import { DAILY_DIGEST_HOUR_UTC } from '@/lib/notifications/policy';
import { sendNotificationDigests, tenantAdminEmails } from '@/lib/notifications/send-digests';
import { setClock } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { recordWebhookEvent } from '@/lib/webhooks/record-event';
import { call, createTenantWithMembers, type TestTenant, unique } from '../support/fixtures';

let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

afterEach(() => setClock());

type Role = keyof TestTenant['users'];

const createDigest = (tenant: TestTenant, role: Role, body: unknown) =>
  call(digestsRoute.POST, { method: 'POST', params: { tenant: tenant.slug }, cookie: tenant.users[role].cookie, body });
const listDigests = (tenant: TestTenant, role: Role) =>
  call(digestsRoute.GET, { params: { tenant: tenant.slug }, cookie: tenant.users[role].cookie });
const getDigest = (tenant: TestTenant, role: Role, id: string) =>
  call(digestRoute.GET, { params: { tenant: tenant.slug, id }, cookie: tenant.users[role].cookie });
const patchDigest = (tenant: TestTenant, role: Role, id: string, body: unknown) =>
  call(digestRoute.PATCH, { method: 'PATCH', params: { tenant: tenant.slug, id }, cookie: tenant.users[role].cookie, body });
const deleteDigest = (tenant: TestTenant, role: Role, id: string) =>
  call(digestRoute.DELETE, { method: 'DELETE', params: { tenant: tenant.slug, id }, cookie: tenant.users[role].cookie });

const digestRows = (tenant: TestTenant) =>
  withTenant(tenant.id, (tx) => tx.select().from(notificationDigests).where(eq(notificationDigests.tenantId, tenant.id)));

async function mailsTo(addresses: string[]) {
  const db = await getDb();
  return db
    .select()
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.to, addresses), eq(emailOutbox.template, 'notificationDigest')))
    .orderBy(asc(emailOutbox.createdAt));
}

describe('email digests through the API', () => {
  it('an admin adds, reads, changes and deletes a digest; each step audited', async () => {
    const created = await createDigest(t, 'admin', {
      name: 'QA releases',
      recipients: ['QA-Leads@Example.test', 'qa-leads@example.test'],
      events: ['batch.released', 'member.*'],
      frequency: 'hourly',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'QA releases',
      recipients: ['qa-leads@example.test'],
      events: ['batch.released', 'member.*'],
      frequency: 'hourly',
      enabled: true,
      lastSentAt: null,
    });
    const id = created.json.id as string;

    expect((await getDigest(t, 'admin', id)).json).toMatchObject({ id, name: 'QA releases' });
    expect((await listDigests(t, 'admin')).json.data.map((d: { id: string }) => d.id)).toContain(id);

    const changed = await patchDigest(t, 'admin', id, { enabled: false, events: ['*'], recipients: [] });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ enabled: false, events: ['*'], recipients: [] });

    expect((await deleteDigest(t, 'admin', id)).status).toBe(204);
    expect((await getDigest(t, 'admin', id)).status).toBe(404);

    const trail = await withTenant(t.id, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(asc(auditEvents.seq)),
    );
    expect(trail.map((e) => e.action)).toEqual([
      'notification_digest.created',
      'notification_digest.updated',
      'notification_digest.deleted',
    ]);
    expect(trail[0]).toMatchObject({ targetType: 'notification_digest', actorId: t.users.admin.id });
    expect(trail[1].after).toMatchObject({ enabled: false, events: ['*'] });
  });

  it('members without webhooks.manage are refused (403), writing nothing', async () => {
    const name = `Refused ${unique()}`;
    for (const role of ['manager', 'qa', 'operator', 'viewer'] as const) {
      expect((await listDigests(t, role)).status).toBe(403);
      const res = await createDigest(t, role, { name, events: ['*'] });
      expect(res.status).toBe(403);
    }
    const id = (await createDigest(t, 'admin', { name: `Kept ${unique()}`, events: ['*'] })).json.id as string;
    expect((await patchDigest(t, 'manager', id, { enabled: false })).status).toBe(403);
    expect((await deleteDigest(t, 'viewer', id)).status).toBe(403);
    expect((await getDigest(t, 'qa', id)).status).toBe(403);
    const rows = await digestRows(t);
    expect(rows.some((r) => r.name === name)).toBe(false);
    expect(rows.find((r) => r.id === id)?.enabled).toBe(true);
  });

  it('another tenant’s digest is not found (404), and stays as it was', async () => {
    const theirs = (await createDigest(other, 'admin', { name: `Theirs ${unique()}`, events: ['*'] })).json.id as string;
    expect((await getDigest(t, 'admin', theirs)).status).toBe(404);
    expect((await patchDigest(t, 'admin', theirs, { enabled: false })).status).toBe(404);
    expect((await deleteDigest(t, 'admin', theirs)).status).toBe(404);
    expect((await digestRows(other)).find((r) => r.id === theirs)?.enabled).toBe(true);
    expect((await listDigests(t, 'admin')).json.data.map((d: { id: string }) => d.id)).not.toContain(theirs);
  });

  it('bad input is a 400 naming each field, and nothing is written', async () => {
    const name = `Bad ${unique()}`;
    const res = await createDigest(t, 'admin', {
      name,
      recipients: ['not-an-address'],
      events: ['batch.exploded'],
      frequency: 'weekly',
      colour: 'red',
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    const paths = (res.json.errors as { path: string; message: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['colour', 'events.0', 'frequency', 'recipients.0']);
    expect((res.json.errors as { path: string; message: string }[]).find((e) => e.path === 'events.0')?.message).toMatch(
      /Not an event type/,
    );
    expect((await createDigest(t, 'admin', { name, events: [] })).json.errors).toEqual([
      { path: 'events', message: 'Choose at least one event type.' },
    ]);
    expect((await createDigest(t, 'admin', { events: ['*'] })).json.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
    expect((await digestRows(t)).some((r) => r.name === name)).toBe(false);

    const id = (await createDigest(t, 'admin', { name: `Good ${unique()}`, events: ['*'] })).json.id as string;
    const patch = await patchDigest(t, 'admin', id, { enabled: 'yes', recipients: 'a@b.test' });
    expect(patch.status).toBe(400);
    expect(patch.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['enabled', 'recipients']);
    expect((await getDigest(t, 'admin', 'not-a-uuid')).status).toBe(400);
    expect((await digestRows(t)).find((r) => r.id === id)?.enabled).toBe(true);
  });
});

describe('sending email digests', () => {
  it('mails each recipient the tenant’s matching events once, skips empty digests, never another tenant’s events', async () => {
    const tenant = await createTenantWithMembers();
    const otherTenant = await createTenantWithMembers();
    const hourlyTo = [`lead-${unique()}@digest.test`, `deputy-${unique()}@digest.test`];
    const capTo = `serials-${unique()}@digest.test`;
    const rolesTo = `roles-${unique()}@digest.test`;
    const otherTo = `other-${unique()}@digest.test`;

    expect(
      (
        await createDigest(tenant, 'admin', {
          name: 'Releases',
          recipients: hourlyTo,
          events: ['batch.released', 'member.*'],
          frequency: 'hourly',
        })
      ).status,
    ).toBe(201);
    expect((await createDigest(tenant, 'admin', { name: 'Everything daily', events: ['*'], frequency: 'daily' })).status).toBe(201);
    expect(
      (await createDigest(tenant, 'admin', { name: 'Serial runs', recipients: [capTo], events: ['serials.*'], frequency: 'hourly' }))
        .status,
    ).toBe(201);
    expect(
      (await createDigest(tenant, 'admin', { name: 'Roles', recipients: [rolesTo], events: ['role.*'], frequency: 'hourly' })).status,
    ).toBe(201);
    expect(
      (await createDigest(otherTenant, 'admin', { name: 'Theirs', recipients: [otherTo], events: ['*'], frequency: 'hourly' })).status,
    ).toBe(201);
    const disabled = await createDigest(tenant, 'admin', {
      name: 'Off',
      recipients: [otherTo],
      events: ['*'],
      frequency: 'hourly',
      enabled: false,
    });
    expect(disabled.status).toBe(201);

    const HOUR = 3_600_000;
    const start = new Date(Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR);
    const at = (ms: number) => new Date(start.getTime() + ms);

    // First run: nothing has happened yet; nothing is mailed.
    setClock({ at: at(5 * 60_000) });
    await sendNotificationDigests();
    expect(await mailsTo([...hourlyTo, capTo, rolesTo, otherTo])).toEqual([]);

    // Events ten minutes in: a release, a join, 55 serial runs, a test event, and the other tenant's release, a second
    // apart as in life (on a clock that stood still they would share one moment, and a digest's first 50 of the 58
    // would be any 50: the daily one below must show the early ones).
    setClock({ at: at(10 * 60_000) });
    await withTenant(tenant.id, async (tx) => {
      const recordSpaced = async (...args: Parameters<typeof recordWebhookEvent>) => {
        await recordWebhookEvent(...args);
        setClock({ advanceMs: 1000 });
      };
      await recordSpaced(tx, tenant.id, 'batch.released', {
        batchId: '7250224b-b0c7-4dd6-8234-ceccf3509b7a',
        batchNumber: 'ACM2607004',
        actor: { type: 'user', id: t.users.qa.id, name: 'Quinn QA' },
      });
      await recordSpaced(tx, tenant.id, 'member.joined', { member: { name: 'Olive Operator', email: 'olive@acme.test' } });
      await recordSpaced(tx, tenant.id, 'batch.created', { batchNumber: 'NOT-CHOSEN' });
      for (let i = 0; i < 55; i++)
        await recordSpaced(tx, tenant.id, 'serials.job.completed', { batchNumber: `SER-${i}`, outcome: 'completed' });
      await recordSpaced(tx, tenant.id, 'webhook.test', {});
    });
    await withTenant(otherTenant.id, (tx) => recordWebhookEvent(tx, otherTenant.id, 'batch.released', { batchNumber: 'THEIRS-0001' }));

    // The next hour: the hourly digests go out, twice asked at once, once sent.
    setClock({ at: at(HOUR + 5 * 60_000) });
    const [a, b] = await Promise.all([sendNotificationDigests(), sendNotificationDigests()]);
    expect(a.mails + b.mails).toBeGreaterThanOrEqual(4);

    const hourly = await mailsTo(hourlyTo);
    expect(hourly.map((m) => m.to).sort()).toEqual([...hourlyTo].sort());
    for (const mail of hourly) {
      expect(mail.subject).toBe(`Releases: 2 events in Tenant ${tenant.slug}`);
      expect(mail.text).toContain('Batch ACM2607004 was released by Quinn QA.');
      expect(mail.text).toContain('Olive Operator joined');
      expect(mail.text).not.toContain('NOT-CHOSEN');
      expect(mail.text).not.toContain('THEIRS-0001');
      expect(mail.text).not.toContain('test message');
      expect(mail.html).toContain(`/t/${tenant.slug}/batches/7250224b-b0c7-4dd6-8234-ceccf3509b7a`);
      expect(mail.text).toContain(`/t/${tenant.slug}/settings/notifications`);
    }
    const [capped] = await mailsTo([capTo]);
    expect(capped.subject).toBe(`Serial runs: 55 events in Tenant ${tenant.slug}`);
    expect(capped.text.match(/Serial generation finished: Serial generation for batch SER-/g)).toHaveLength(50);
    expect(capped.text).toContain('5 more are in the audit trail');
    expect(await mailsTo([rolesTo])).toEqual([]); // nothing happened: nothing sent
    const theirs = await mailsTo([otherTo]);
    expect(theirs).toHaveLength(1); // the other tenant's own digest; the disabled one sends nothing
    expect(theirs[0].text).toContain('THEIRS-0001');
    expect(theirs[0].text).not.toContain('ACM2607004');

    // Asked again in the same hour, and the hour after (nothing new): nothing more.
    await sendNotificationDigests();
    setClock({ at: at(2 * HOUR + 5 * 60_000) });
    await sendNotificationDigests();
    expect(await mailsTo(hourlyTo)).toHaveLength(2);
    expect(await mailsTo([capTo, rolesTo, otherTo])).toHaveLength(2);

    // The daily digest (no recipients: the tenant's admins now) goes out at its hour with everything of the day.
    const admins = await withTenant(tenant.id, (tx) => tenantAdminEmails(tx, tenant.id));
    expect(admins).toEqual([tenant.users.admin.email]);
    const daily = new Date(at(2 * HOUR + 5 * 60_000));
    daily.setUTCHours(DAILY_DIGEST_HOUR_UTC, 5, 0, 0);
    while (daily.getTime() <= at(2 * HOUR + 5 * 60_000).getTime()) daily.setUTCDate(daily.getUTCDate() + 1);
    setClock({ at: daily });
    await sendNotificationDigests();
    setClock({ at: new Date(daily.getTime() + HOUR) });
    await sendNotificationDigests();
    const adminMails = await mailsTo([tenant.users.admin.email]);
    expect(adminMails).toHaveLength(1);
    expect(adminMails[0].subject).toBe(`Everything daily: 58 events in Tenant ${tenant.slug}`);
    expect(adminMails[0].text).toContain('NOT-CHOSEN');
    expect(adminMails[0].text).not.toContain('THEIRS-0001');
    expect(await mailsTo([tenant.users.manager.email, tenant.users.viewer.email])).toEqual([]);
    expect(await mailsTo(hourlyTo)).toHaveLength(2);
  });
});
