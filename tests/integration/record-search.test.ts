import { beforeAll, describe, expect, it } from 'vitest';
import { GET as SEARCH } from '@/app/api/v1/tenants/[tenant]/records/route';
import { POST as CREATE_TEAM } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { RECORD_TYPES } from '@/lib/records/record-ref';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { api, inspect, newBatch, newSite, siteBody } from '../support/quality';
import { membershipOf } from '../support/route-fixtures';

// GET /api/v1/tenants/{tenant}/records (the task dialog's record picker): records of one kind found by a few letters,
// labelled as a linked task names them, only the tenant's own, only for callers who may read that kind, and a 400
// naming the field for every bad parameter.
let acme: TestTenant;
let other: TestTenant;
let siteId: string;
let batchIds: string[];
let batchNumbers: string[];
let otherBatchId: string;

type Role = keyof TestTenant['users'];
const search = (t: TestTenant, role: Role, query: Record<string, string>, slug = t.slug) =>
  call(SEARCH, {
    url: `http://localhost/api/v1/tenants/${slug}/records?${new URLSearchParams(query)}`,
    params: { tenant: slug },
    cookie: t.users[role].cookie,
  });
const found = async (t: TestTenant, role: Role, query: Record<string, string>) => {
  const res = await search(t, role, query);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return (res.json as { data: { type: string; id: string; label: string }[] }).data;
};

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  siteId = (await api.createSite(acme, 'admin', siteBody({ code: 'BSL-7', name: 'Basel plant' }))).json.id;
  batchIds = [await newBatch(acme, { siteId }), await newBatch(acme, { siteId })];
  batchNumbers = await Promise.all(batchIds.map(async (id) => (await api.getBatch(acme, 'admin', id)).json.batchNumber as string));
  otherBatchId = await newBatch(other);
  await newSite(other);
});

describe('finding records to link a task to', () => {
  it('finds batches by number or product, newest first, labelled as a linked task names them', async () => {
    const all = await found(acme, 'viewer', { type: 'batch' });
    expect(all.map((r) => r.id)).toEqual([...batchIds].reverse());
    expect(all[1]).toEqual({ type: 'batch', id: batchIds[0], label: `Batch ${batchNumbers[0]}` });
    expect(await found(acme, 'operator', { type: 'batch', q: batchNumbers[0].slice(1).toLowerCase() })).toEqual([all[1]]);
    expect((await found(acme, 'operator', { type: 'batch', q: 'PARACETAMOL' })).length).toBe(2);
    expect(await found(acme, 'admin', { type: 'batch', q: batchNumbers[0], limit: '1' })).toHaveLength(1);
    expect(await found(acme, 'admin', { type: 'batch', limit: '1' })).toEqual([all[0]]);
    // LIKE's wildcards are taken literally.
    expect(await found(acme, 'admin', { type: 'batch', q: '%' })).toEqual([]);
    expect(await found(acme, 'admin', { type: 'batch', q: '_' })).toEqual([]);
  });

  it('finds sites by name or code, members by name or email, teams, inspections by batch or kind', async () => {
    expect(await found(acme, 'viewer', { type: 'site', q: 'bsl-7' })).toEqual([{ type: 'site', id: siteId, label: 'Site Basel plant' }]);
    expect(await found(acme, 'viewer', { type: 'site', q: 'basel' })).toHaveLength(1);

    const viewer = await found(acme, 'admin', { type: 'member', q: 'VIEWER' });
    expect(viewer).toEqual([
      { type: 'member', id: await membershipOf(acme, acme.users.viewer.id), label: `Member ${acme.users.viewer.name}` },
    ]);
    const byEmail = await found(acme, 'manager', { type: 'member', q: acme.users.qa.email.slice(0, 12) });
    expect(byEmail.map((r) => r.label)).toEqual([`Member ${acme.users.qa.name}`]);
    expect((await found(acme, 'admin', { type: 'member' })).map((r) => r.label)).toEqual(
      (['admin', 'manager', 'operator', 'qa', 'viewer'] as const).map((r) => `Member ${acme.users[r].name}`),
    );

    const team = await call(CREATE_TEAM, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${acme.slug}/teams`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
      body: { name: 'Night shift' },
    });
    expect(team.status, JSON.stringify(team.json)).toBe(201);
    expect(await found(acme, 'manager', { type: 'team', q: 'night' })).toEqual([
      { type: 'team', id: (team.json as { id: string }).id, label: 'Team Night shift' },
    ]);

    const inspection = await inspect(acme, batchIds[1], 'qa');
    const inspections = await found(acme, 'operator', { type: 'inspection', q: batchNumbers[1] });
    expect(inspections).toEqual([
      { type: 'inspection', id: inspection.id, label: `Inspection (${inspection.type.replace(/_/g, ' ')}) of batch ${batchNumbers[1]}` },
    ]);
    expect(await found(acme, 'operator', { type: 'inspection', q: inspection.type.replace(/_/g, ' ') })).toEqual(inspections);
  });

  it('answers every kind for the admin, and nothing of another tenant', async () => {
    for (const type of RECORD_TYPES) {
      const rows = await found(acme, 'admin', { type });
      for (const row of rows) expect(row.type).toBe(type);
    }
    const ids = (await found(acme, 'admin', { type: 'batch' })).map((r) => r.id);
    expect(ids).not.toContain(otherBatchId);
    expect((await found(other, 'admin', { type: 'batch' })).map((r) => r.id)).toEqual([otherBatchId]);
    expect((await found(other, 'admin', { type: 'site', q: 'Basel' })).map((r) => r.id)).not.toContain(siteId);
    // A member of another tenant asking under this tenant's slug: 404, as for any of its routes.
    const res = await search(other, 'admin', { type: 'batch' }, acme.slug);
    expect(res.status).toBe(404);
  });

  it('needs the kind’s read permission: 403 for a viewer asking for members, teams or systems', async () => {
    for (const type of ['member', 'team', 'system', 'access_review']) {
      const res = await search(acme, 'viewer', { type });
      expect(res.status, type).toBe(403);
    }
    expect((await search(acme, 'operator', { type: 'member' })).status).toBe(403);
  });

  it('answers 400 naming the field for every bad parameter', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'type'],
      [{ type: 'widget' }, 'type'],
      [{ type: 'batch', limit: '0' }, 'limit'],
      [{ type: 'batch', limit: '51' }, 'limit'],
      [{ type: 'batch', limit: 'many' }, 'limit'],
      [{ type: 'batch', q: 'x'.repeat(101) }, 'q'],
      [{ type: 'batch', colour: 'red' }, 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await search(acme, 'admin', query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(JSON.stringify(res.json), JSON.stringify(query)).toContain(field);
    }
  });
});
