import { beforeAll, describe, expect, it } from 'vitest';
import * as serialJobsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serial-jobs/route';
import * as serialRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/[serial]/route';
import * as serialsExportRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/export/route';
import * as serialsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/route';
import * as serialsStatusRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/status/route';
import * as summaryRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/summary/route';
import * as overridesRoute from '@/app/api/v1/tenants/[tenant]/members/[id]/overrides/route';
import { drainSerialJobs } from '@/lib/serials/start-serial-job';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser, unique } from '../support/fixtures';
import { api, batchBody, GTIN, newSite } from '../support/quality';

// The reads the console's Serials tab and serial page stand on: a batch's jobs (newest first, to find a running
// one after a reload), its serial counts with the guessing probability, and one serial.
let acme: TestTenant;
let other: TestTenant;
/** A member of acme whose serials.read is explicitly denied (every default role holds it). */
let blind: TestUser;

beforeAll(async () => {
  acme = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
  blind = await createUserWithSession('no-serials');
  const { membershipId } = await withTenant(acme.id, (tx) =>
    addMember(tx, { tenantId: acme.id, userId: blind.id, roleIds: [acme.roleIds.viewer] }),
  );
  const res = await call(overridesRoute.PUT, {
    method: 'PUT',
    params: { tenant: acme.slug, id: membershipId },
    cookie: acme.users.admin.cookie,
    body: { grant: [], deny: ['serials.read'] },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
});

type Who = TestUser | keyof TestTenant['users'];
const get = (handler: Parameters<typeof call>[0], t: TestTenant, who: Who, params: Record<string, string>, query = '') =>
  call(handler, {
    params: { tenant: t.slug, ...params },
    cookie: typeof who === 'string' ? t.users[who].cookie : who.cookie,
    url: `http://localhost/api/test${query}`,
  });

async function batchWith(
  t: TestTenant,
  over: Record<string, unknown> = {},
): Promise<{ id: string; batchNumber: string; expiresOn: string; productName: string }> {
  const res = await api.createBatch(t, 'operator', batchBody(await newSite(t), over));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

async function generated(t: TestTenant, batchId: string, count: number): Promise<string> {
  const res = await call(serialsRoute.POST, {
    method: 'POST',
    params: { tenant: t.slug, id: batchId },
    cookie: t.users.operator.cookie,
    body: { count },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await drainSerialJobs();
  return res.json.jobId;
}

describe('GET batches/{id}/serial-jobs', () => {
  it("lists the batch's jobs newest first as GET jobs/{id} shows them, with a cursor; ?limit=1 is the latest", async () => {
    const batch = await batchWith(acme);
    const empty = await get(serialJobsRoute.GET, acme, 'viewer', { id: batch.id });
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({ data: [], nextCursor: null });

    const first = await generated(acme, batch.id, 5);
    const second = await generated(acme, batch.id, 7);
    const third = await generated(acme, batch.id, 3);
    // Another batch's job is not listed.
    await generated(acme, (await batchWith(acme)).id, 2);

    const latest = await get(serialJobsRoute.GET, acme, 'viewer', { id: batch.id }, '?limit=1');
    expect(latest.status).toBe(200);
    expect(latest.json.data).toHaveLength(1);
    expect(latest.json.data[0]).toMatchObject({
      id: third,
      batchId: batch.id,
      status: 'completed',
      progress: { done: 3, total: 3 },
      finishedAt: expect.any(String),
    });
    expect(latest.json.nextCursor).toEqual(expect.any(String));

    const rest = await get(serialJobsRoute.GET, acme, 'viewer', { id: batch.id }, `?limit=5&cursor=${latest.json.nextCursor}`);
    expect(rest.json.data.map((j: { id: string }) => j.id)).toEqual([second, first]);
    expect(rest.json.data.map((j: { progress: { total: number } }) => j.progress.total)).toEqual([7, 5]);
    expect(rest.json.nextCursor).toBeNull();
  });

  it('is 403 without serials.read, 404 for another tenant, 400 for a bad limit or cursor', async () => {
    const batch = await batchWith(acme);
    await generated(acme, batch.id, 1);
    const refused = await get(serialJobsRoute.GET, acme, blind, { id: batch.id });
    expect(refused.status).toBe(403);
    expect((await get(serialJobsRoute.GET, other, 'admin', { id: batch.id })).status).toBe(404);
    for (const [query, path] of [
      ['?limit=0', 'query.limit'],
      ['?limit=500', 'query.limit'],
      ['?cursor=bogus', 'query.cursor'],
      ['?sort=created', 'query.sort'],
    ]) {
      const res = await get(serialJobsRoute.GET, acme, 'viewer', { id: batch.id }, query);
      expect(res.status, query).toBe(400);
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(path);
    }
    expect((await get(serialJobsRoute.GET, acme, 'viewer', { id: 'not-a-uuid' })).status).toBe(400);
  });
});

describe('GET batches/{id}/serials/summary', () => {
  it('counts the serials per status and states total / 32^12', async () => {
    const batch = await batchWith(acme);
    const none = await get(summaryRoute.GET, acme, 'viewer', { id: batch.id });
    expect(none.status).toBe(200);
    expect(none.json.total).toBe(0);
    expect(none.json.guessingProbability).toBe(0);
    expect(Object.values(none.json.byStatus).every((n) => n === 0)).toBe(true);

    await generated(acme, batch.id, 40);
    const serials = (await get(serialsRoute.GET, acme, 'viewer', { id: batch.id }, '?limit=100')).json.data.map(
      (i: { serial: string }) => i.serial,
    );
    const moved = await call(serialsStatusRoute.POST, {
      method: 'POST',
      params: { tenant: acme.slug, id: batch.id },
      cookie: acme.users.operator.cookie,
      body: { to: 'released', reason: 'Released for sale', serials: serials.slice(0, 6) },
    });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);

    const res = await get(summaryRoute.GET, acme, 'viewer', { id: batch.id });
    expect(res.json).toEqual({
      total: 40,
      byStatus: { commissioned: 34, released: 6, shipped: 0, dispensed: 0, decommissioned: 0, sampled: 0, destroyed: 0, recalled: 0 },
      guessingProbability: 40 / 32 ** 12,
    });
  });

  it('is 403 without serials.read, 404 for another tenant, 400 for a bad id or an unknown query field', async () => {
    const batch = await batchWith(acme);
    expect((await get(summaryRoute.GET, acme, blind, { id: batch.id })).status).toBe(403);
    expect((await get(summaryRoute.GET, other, 'admin', { id: batch.id })).status).toBe(404);
    const bad = await get(summaryRoute.GET, acme, 'viewer', { id: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.id');
  });
});

describe('GET batches/{id}/serials/{serial}', () => {
  it('answers one serial with the parts of its element string; lower case is read as upper case', async () => {
    const batch = await batchWith(acme, { expiresOn: '2029-02-28' });
    await generated(acme, batch.id, 3);
    const [item] = (await get(serialsRoute.GET, acme, 'viewer', { id: batch.id })).json.data;
    for (const asked of [item.serial, item.serial.toLowerCase()]) {
      const res = await get(serialRoute.GET, acme, 'viewer', { id: batch.id, serial: asked });
      expect(res.status, asked).toBe(200);
      expect(res.json).toEqual({
        serial: item.serial,
        status: 'commissioned',
        elementString: `(01)${GTIN}(17)290228(10)${batch.batchNumber}(21)${item.serial}`,
        gtin: GTIN,
        expiresOn: '2029-02-28',
        batchNumber: batch.batchNumber,
        batchId: batch.id,
        productName: batch.productName,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
  });

  it("is 404 for a serial the batch does not have and for another tenant's, 403 without serials.read, 400 for a malformed serial", async () => {
    const batch = await batchWith(acme);
    const elsewhere = await batchWith(acme);
    await generated(acme, batch.id, 2);
    await generated(acme, elsewhere.id, 1);
    const [mine] = (await get(serialsRoute.GET, acme, 'viewer', { id: batch.id })).json.data;
    const [theirs] = (await get(serialsRoute.GET, acme, 'viewer', { id: elsewhere.id })).json.data;

    expect((await get(serialRoute.GET, acme, 'viewer', { id: batch.id, serial: '000000000000' })).status).toBe(404);
    // Another batch's serial is not this batch's.
    expect((await get(serialRoute.GET, acme, 'viewer', { id: batch.id, serial: theirs.serial })).status).toBe(404);
    expect((await get(serialRoute.GET, other, 'admin', { id: batch.id, serial: mine.serial })).status).toBe(404);
    expect((await get(serialRoute.GET, acme, blind, { id: batch.id, serial: mine.serial })).status).toBe(403);
    for (const serial of ['SHORT', 'ABCDEFGHIJKL', 'ABCDEFGH123O', `${mine.serial}X`]) {
      const res = await get(serialRoute.GET, acme, 'viewer', { id: batch.id, serial });
      expect(res.status, serial).toBe(400);
      expect(res.json.errors[0].path, serial).toBe('params.serial');
    }
  });
});

describe('GET batches/{id}/serials/export', () => {
  it("defuses spreadsheet formulas: a batch number beginning with =, + or - is written with a leading '", async () => {
    // GS1 AI 10 allows = + - (not @, tab or CR); the element string begins with (01) and stays as it is.
    for (const batchNumber of [`=1+1+${unique()}`, `+A${unique()}`, `-5${unique()}`]) {
      const batch = await batchWith(acme, { batchNumber });
      await generated(acme, batch.id, 2);
      const res = await get(serialsExportRoute.GET, acme, 'viewer', { id: batch.id });
      expect(res.status).toBe(200);
      const [header, ...rows] = String(res.json).trim().split('\r\n');
      expect(header).toBe('serial,status,gtin,expiresOn,batchNumber,elementString');
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const [, , , , written, element] = row.split(',');
        expect(written).toBe(`'${batchNumber}`);
        expect(element).toMatch(new RegExp(`^\\(01\\)${GTIN}\\(17\\)\\d{6}\\(10\\)`));
        expect(element.endsWith(`(10)${batchNumber}(21)${row.split(',')[0]}`)).toBe(true);
      }
    }
  });
});
