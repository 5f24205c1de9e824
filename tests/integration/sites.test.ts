import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sites } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, type TestTenant, unique } from '../support/fixtures';
import { api, batchBody, siteBody } from '../support/quality';

let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const auditOf = (tenant: TestTenant, id: string) =>
  withTenant(tenant.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(auditEvents.seq));

describe('sites', () => {
  it('are created with an upper-cased code unique per tenant, and audited', async () => {
    const code = `bsl-${unique()}`;
    const res = await api.createSite(t, 'manager', {
      code,
      name: 'Basel plant',
      address: 'Klybeckstrasse 1, Basel',
      licenseNumber: 'CH-GMP-0042',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ code: code.toUpperCase(), name: 'Basel plant', licenseNumber: 'CH-GMP-0042', active: true });
    const again = await api.createSite(t, 'admin', { code: code.toUpperCase(), name: 'Other' });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('conflict');
    // Another tenant may use the same code.
    expect((await api.createSite(other, 'admin', { code, name: 'Their plant' })).status).toBe(201);
    const [event] = await auditOf(t, res.json.id);
    expect(event).toMatchObject({ action: 'site.created', targetType: 'site', actorId: t.users.manager.id });
    expect(event.after).toMatchObject({ code: code.toUpperCase(), active: true });
  });

  it('refuse bad input naming the field, writing nothing', async () => {
    const name = `Nope ${unique()}`;
    const res = await api.createSite(t, 'admin', { code: 'has space', name, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['code', 'colour']);
    const rows = await withTenant(t.id, (tx) =>
      tx
        .select()
        .from(sites)
        .where(and(eq(sites.tenantId, t.id), eq(sites.name, name))),
    );
    expect(rows).toEqual([]);
  });

  it('are corrected and deactivated with a reason; an inactive site takes no batches', async () => {
    const site = (await api.createSite(t, 'admin', siteBody())).json;
    const res = await api.updateSite(t, 'manager', site.id, { name: 'Basel north', active: false, reason: 'Plant closed for renovation' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: site.id, code: site.code, name: 'Basel north', active: false });
    const batch = await api.createBatch(t, 'operator', batchBody(site.id));
    expect(batch.status).toBe(409);
    expect(batch.json.detail).toMatch(/inactive/);
    const events = await auditOf(t, site.id);
    expect(events.at(-1)).toMatchObject({ action: 'site.deactivated', reason: 'Plant closed for renovation' });
    expect(events.at(-1)!.before).toEqual({ name: site.name, active: true });
    expect(events.at(-1)!.after).toEqual({ name: 'Basel north', active: false });
    expect((await api.updateSite(t, 'admin', site.id, { active: true })).json.active).toBe(true);
    expect((await api.createBatch(t, 'operator', batchBody(site.id))).status).toBe(201);
    // The code never changes.
    expect((await api.updateSite(t, 'admin', site.id, { code: 'NEW' })).json.errors[0].path).toBe('code');
  });

  it('list by code with a cursor and an active filter; read by id', async () => {
    const tenant = await createTenantWithMembers();
    for (const code of ['C', 'A', 'B']) await api.createSite(tenant, 'admin', { code, name: `Site ${code}` });
    const b = (await api.listSites(tenant, 'viewer', '?limit=10')).json.data.find((s: { code: string }) => s.code === 'B');
    await api.updateSite(tenant, 'admin', b.id, { active: false });
    const first = await api.listSites(tenant, 'viewer', '?limit=2');
    expect(first.json.data.map((s: { code: string }) => s.code)).toEqual(['A', 'B']);
    const second = await api.listSites(tenant, 'viewer', `?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toMatchObject({ data: [{ code: 'C' }], nextCursor: null });
    expect((await api.listSites(tenant, 'viewer', '?active=true')).json.data.map((s: { code: string }) => s.code)).toEqual(['A', 'C']);
    expect((await api.getSite(tenant, 'viewer', b.id)).json).toMatchObject({ code: 'B', active: false });
    expect((await api.listSites(tenant, 'viewer', '?cursor=garbage')).status).toBe(400);
  });

  it("another tenant's site is 404", async () => {
    const theirs = (await api.createSite(other, 'admin', siteBody())).json;
    expect((await api.getSite(t, 'admin', theirs.id)).status).toBe(404);
    expect((await api.updateSite(t, 'admin', theirs.id, { name: 'Hijacked' })).status).toBe(404);
    expect((await api.createBatch(t, 'admin', batchBody(theirs.id))).json.errors).toEqual([
      { path: 'siteId', message: 'No such site in this tenant.' },
    ]);
  });
});
