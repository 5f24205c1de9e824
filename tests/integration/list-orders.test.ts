import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listPlatformEvents } from '@/app/api/v1/admin/audit-events/route';
import { PATCH as changeTenant } from '@/app/api/v1/admin/tenants/[tenant]/route';
import * as auditRoute from '@/app/api/v1/tenants/[tenant]/audit-events/route';
import * as serialsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/route';
import * as serialsStatusRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/status/route';
import * as overridesRoute from '@/app/api/v1/tenants/[tenant]/members/[id]/overrides/route';
import { drainSerialJobs } from '@/lib/serials/start-serial-job';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser, unique } from '../support/fixtures';
import { api, batchBody, moveTo, newSite, siteBody } from '../support/quality';

/**
 * Server sort of the paged lists (issue 16): batches, sites, a batch's serials, the tenant trail and the platform
 * trail. Each order really orders (ties by id in the same direction), paging through an order returns every row
 * once, a bad `sort`/`dir` or another order's cursor is 400 naming the field, and another tenant's rows never appear.
 */
let t: TestTenant;
let other: TestTenant;
/** A viewer of t whose batches.read, sites.read and serials.read are denied. */
let blind: TestUser;
const tag = unique().toUpperCase();

type Batch = {
  id: string;
  batchNumber: string;
  productName: string;
  expiresOn: string;
  status: string;
  createdAt: string;
  updatedAt: string;
};
type Site = { id: string; code: string; name: string };
/** Batches of t in creation order. */
const made: Batch[] = [];
const sites: Site[] = [];
let otherBatchId: string;
let otherSiteId: string;

type Res = { status: number; json: any };
const ok = (res: Res) => {
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as { data: any[]; nextCursor: string | null };
};
const errorPaths = (res: Res) => {
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  return (res.json.errors as Array<{ path: string }>).map((e) => e.path);
};

/** Every row of a list, following nextCursor `limit` rows at a time. */
async function pageThrough(get: (query: string) => Promise<Res>, query: string, limit: number): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = ok(await get(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    expect(page.data.length).toBeLessThanOrEqual(limit);
    out.push(...page.data);
    cursor = page.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return out;
}

/** `rows` sorted by `key` then id, in `dir`. */
function sorted<T extends { id: string }>(rows: T[], key: (row: T) => string | number, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return (a.id < b.id ? -1 : 1) * sign;
  });
}
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
  blind = await createUserWithSession('blind-lists');
  const { membershipId } = await withTenant(t.id, (tx) => addMember(tx, { tenantId: t.id, userId: blind.id, roleIds: [t.roleIds.viewer] }));
  const denied = await call(overridesRoute.PUT, {
    method: 'PUT',
    params: { tenant: t.slug, id: membershipId },
    cookie: t.users.admin.cookie,
    body: { grant: [], deny: ['batches.read', 'sites.read', 'serials.read'] },
  });
  expect(denied.status, JSON.stringify(denied.json)).toBe(200);

  // Sites whose code order and name order differ; names in mixed case.
  for (const [code, name] of [
    ['C', 'alder works'],
    ['A', 'Maple plant'],
    ['E', 'birch Hall'],
    ['B', 'Zelkova site'],
    ['D', 'cedar yard'],
  ]) {
    const res = await api.createSite(t, 'admin', siteBody({ code: `${code}-${tag}`, name: `${name}` }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    sites.push(res.json as Site);
  }

  // Batches whose number, product, expiry and status orders all differ from their creation order.
  const siteId = sites[0].id;
  const specs = [
    { batchNumber: `N${tag}3`, productName: 'Paracetamol 500 mg', expiresOn: '2028-03-31' },
    { batchNumber: `N${tag}1`, productName: 'zinc 10 mg', expiresOn: '2027-01-31' },
    { batchNumber: `N${tag}5`, productName: 'amoxicillin 250 mg', expiresOn: '2029-06-30' },
    { batchNumber: `N${tag}2`, productName: 'Ibuprofen 400 mg', expiresOn: '2027-01-31' },
    { batchNumber: `N${tag}4`, productName: 'Metformin 850 mg', expiresOn: '2026-12-31' },
  ];
  for (const spec of specs) {
    const res = await api.createBatch(t, 'operator', batchBody(siteId, spec));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    made.push(res.json as Batch);
  }
  await moveTo(t, made[1].id, 'in_production');
  await moveTo(t, made[2].id, 'quarantined');
  await moveTo(t, made[4].id, 'in_production');
  // The first batch changed last: the updated order differs from the created order.
  expect(
    (await api.updateBatch(t, 'operator', made[0].id, { plannedQuantity: 12000, reason: 'Corrected to the master record.' })).status,
  ).toBe(200);

  const otherSite = await newSite(other);
  otherSiteId = otherSite;
  const otherBatch = await api.createBatch(other, 'operator', batchBody(otherSite, { batchNumber: `N${tag}0`, productName: 'aaa first' }));
  expect(otherBatch.status).toBe(201);
  otherBatchId = otherBatch.json.id;
});

const batchList = (query: string, who: keyof TestTenant['users'] = 'viewer') => api.listBatches(t, who, `?${query}`);
/** The batches of t as the list shows them now (status and updatedAt after the moves). */
async function current(): Promise<Batch[]> {
  return ok(await batchList('limit=200')).data as Batch[];
}

describe('GET batches: ?sort= and ?dir=', () => {
  const LIFECYCLE = ['planned', 'in_production', 'quarantined', 'under_review', 'released', 'rejected', 'recalled'];
  const keys: Record<string, (b: Batch) => string | number> = {
    created: (b) => b.createdAt,
    updated: (b) => b.updatedAt,
    number: (b) => b.batchNumber,
    product: (b) => b.productName.toLowerCase(),
    status: (b) => LIFECYCLE.indexOf(b.status),
    expires: (b) => b.expiresOn,
  };
  const defaults: Record<string, 'asc' | 'desc'> = {
    created: 'desc',
    updated: 'desc',
    number: 'asc',
    product: 'asc',
    status: 'asc',
    expires: 'asc',
  };

  it('orders by each column both ways (ties by id the same way), and dir left out is the documented default', async () => {
    const rows = await current();
    expect(rows).toHaveLength(made.length);
    for (const [sort, key] of Object.entries(keys)) {
      for (const dir of ['asc', 'desc'] as const) {
        const res = ok(await batchList(`sort=${sort}&dir=${dir}&limit=200`));
        expect(ids(res.data), `${sort} ${dir}`).toEqual(ids(sorted(rows, key, dir)));
      }
      const plain = ok(await batchList(`sort=${sort}&limit=200`));
      expect(ids(plain.data), `${sort} default`).toEqual(ids(sorted(rows, key, defaults[sort])));
    }
    // The orders the data was chosen for, spelled out.
    const numbers = ok(await batchList('sort=number&dir=asc')).data.map((b: Batch) => b.batchNumber);
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `N${tag}${n}`));
    const products = ok(await batchList('sort=product&dir=desc')).data.map((b: Batch) => b.productName.split(' ')[0].toLowerCase());
    expect(products).toEqual(['zinc', 'paracetamol', 'metformin', 'ibuprofen', 'amoxicillin']);
    const statuses = ok(await batchList('sort=status')).data.map((b: Batch) => b.status);
    expect(statuses).toEqual(['planned', 'planned', 'in_production', 'in_production', 'quarantined']);
    expect(ok(await batchList('sort=updated')).data[0].id).toBe(made[0].id);
    expect(ids(ok(await batchList('')).data)).toEqual(ids([...made].reverse()));
  });

  it('pages through every order returning each batch once, in the same order as one page', async () => {
    for (const sort of Object.keys(keys)) {
      for (const dir of ['asc', 'desc']) {
        const whole = ok(await batchList(`sort=${sort}&dir=${dir}&limit=200`)).data;
        const paged = await pageThrough(batchList, `sort=${sort}&dir=${dir}`, 2);
        expect(ids(paged), `${sort} ${dir}`).toEqual(ids(whole));
      }
    }
    // With the filters too.
    const filtered = await pageThrough(batchList, `sort=status&dir=desc&status=planned&status=in_production`, 1);
    expect(filtered.map((b: Batch) => b.status)).toEqual(['in_production', 'in_production', 'planned', 'planned']);
  });

  it("never shows another tenant's batches, whatever the order", async () => {
    for (const sort of Object.keys(keys)) {
      const res = ok(await batchList(`sort=${sort}&dir=asc&limit=200`));
      expect(ids(res.data)).not.toContain(otherBatchId);
    }
  });

  it('refuses an unknown sort, direction or another order’s cursor with 400 naming the field', async () => {
    expect(errorPaths(await batchList('sort=size'))).toEqual(['query.sort']);
    expect(errorPaths(await batchList('sort=number&dir=up'))).toEqual(['query.dir']);
    const byNumber = ok(await batchList('sort=number&limit=1')).nextCursor!;
    expect(errorPaths(await batchList(`sort=product&cursor=${encodeURIComponent(byNumber)}`))).toEqual(['query.cursor']);
    expect(errorPaths(await batchList(`sort=number&dir=desc&cursor=${encodeURIComponent(byNumber)}`))).toEqual(['query.cursor']);
    // The list is unchanged by the refusals.
    expect(ids(await current()).sort()).toEqual(ids(made).sort());
  });

  it('is 403 without batches.read', async () => {
    expect((await api.listBatches(t, blind, '?sort=number')).status).toBe(403);
  });
});

describe('GET sites: ?sort= and ?dir=', () => {
  const siteList = (query: string, who: keyof TestTenant['users'] | TestUser = 'viewer') => api.listSites(t, who, `?${query}`);
  const keyOf = { code: (s: Site) => s.code, name: (s: Site) => s.name.toLowerCase() };

  it('orders by code (the default) or name, A–Z or Z–A, and pages through each order once', async () => {
    for (const sort of ['code', 'name'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const whole = ok(await siteList(`sort=${sort}&dir=${dir}&limit=200`)).data as Site[];
        expect(ids(whole), `${sort} ${dir}`).toEqual(ids(sorted(sites, keyOf[sort], dir)));
        expect(ids(await pageThrough(siteList, `sort=${sort}&dir=${dir}`, 2))).toEqual(ids(whole));
      }
    }
    expect(ids(ok(await siteList('')).data)).toEqual(ids(sorted(sites, keyOf.code, 'asc')));
    const names = ok(await siteList('sort=name')).data.map((s: Site) => s.name);
    expect(names).toEqual(['alder works', 'birch Hall', 'cedar yard', 'Maple plant', 'Zelkova site']);
    expect(ids(ok(await siteList('sort=name&limit=200')).data)).not.toContain(otherSiteId);
  });

  it('refuses a bad sort, direction or cursor with 400 naming the field; 403 without sites.read', async () => {
    expect(errorPaths(await siteList('sort=city'))).toEqual(['query.sort']);
    expect(errorPaths(await siteList('dir=sideways'))).toEqual(['query.dir']);
    const byCode = ok(await siteList('limit=1')).nextCursor!;
    expect(errorPaths(await siteList(`sort=name&cursor=${encodeURIComponent(byCode)}`))).toEqual(['query.cursor']);
    expect((await siteList('sort=name', blind)).status).toBe(403);
  });
});

describe('GET batches/{id}/serials: ?sort= and ?dir=', () => {
  let batchId: string;
  const serialList = (query: string, who: TestUser = t.users.viewer, id = batchId) =>
    call(serialsRoute.GET, { params: { tenant: t.slug, id }, cookie: who.cookie, url: `http://localhost/api/test?${query}` });
  type Serial = { serial: string; status: string };
  const asRows = (items: Serial[]) => items.map((s) => ({ ...s, id: s.serial }));

  beforeAll(async () => {
    batchId = made[3].id;
    const res = await call(serialsRoute.POST, {
      method: 'POST',
      params: { tenant: t.slug, id: batchId },
      cookie: t.users.operator.cookie,
      body: { count: 9 },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    await drainSerialJobs();
    const all = ok(await serialList('limit=100')).data as Serial[];
    expect(all).toHaveLength(9);
    // Every other serial released, so the status groups interleave with the serial order.
    const moved = await call(serialsStatusRoute.POST, {
      method: 'POST',
      params: { tenant: t.slug, id: batchId },
      cookie: t.users.operator.cookie,
      body: { to: 'released', reason: 'Released for sale', serials: all.filter((_, i) => i % 2 === 1).map((s) => s.serial) },
    });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
  });

  it('orders by serial or by status then serial, both ways, and pages through each order once', async () => {
    const all = asRows(ok(await serialList('limit=100')).data as Serial[]);
    expect(new Set(all.map((s) => s.status))).toEqual(new Set(['commissioned', 'released']));
    const keyOf = { serial: () => 0, status: (s: Serial) => s.status };
    for (const sort of ['serial', 'status'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const whole = asRows(ok(await serialList(`sort=${sort}&dir=${dir}&limit=100`)).data as Serial[]);
        expect(ids(whole), `${sort} ${dir}`).toEqual(ids(sorted(all, keyOf[sort], dir)));
        expect(ids(asRows(await pageThrough(serialList, `sort=${sort}&dir=${dir}`, 2)))).toEqual(ids(whole));
      }
    }
    // The default order keeps its cursor: the bare last serial.
    const first = ok(await serialList('limit=2'));
    expect(first.nextCursor).toBe(first.data[1].serial);
    // A status filter with the status order.
    const released = await pageThrough(serialList, 'sort=status&dir=desc&status=released', 3);
    expect(released.map((s: Serial) => s.status)).toEqual(Array(4).fill('released'));
  });

  it("refuses bad orders with 400 naming the field, another tenant's batch with 404, no serials.read with 403", async () => {
    expect(errorPaths(await serialList('sort=gtin'))).toEqual(['query.sort']);
    expect(errorPaths(await serialList('dir=down'))).toEqual(['query.dir']);
    const bySerial = ok(await serialList('limit=1')).nextCursor!;
    expect(errorPaths(await serialList(`sort=status&cursor=${encodeURIComponent(bySerial)}`))).toEqual(['query.cursor']);
    const byStatus = ok(await serialList('sort=status&limit=1')).nextCursor!;
    expect(errorPaths(await serialList(`sort=status&dir=desc&cursor=${encodeURIComponent(byStatus)}`))).toEqual(['query.cursor']);
    expect(errorPaths(await serialList(`cursor=${encodeURIComponent(byStatus)}`))).toEqual(['query.cursor']);
    expect((await serialList('sort=status', t.users.viewer, otherBatchId)).status).toBe(404);
    expect((await serialList('sort=status', blind)).status).toBe(403);
  });
});

describe('GET audit-events: ?sort=occurred&dir=', () => {
  const auditList = (query: string, who: TestUser = t.users.admin, tenant = t) =>
    call(auditRoute.GET, {
      params: { tenant: tenant.slug },
      cookie: who.cookie,
      url: `http://localhost/api/v1/tenants/${tenant.slug}/audit-events?${query}`,
    });

  it('is newest first by default, oldest first with dir=asc, and pages through both once', async () => {
    const newest = await pageThrough(auditList, 'sort=occurred', 200);
    expect(newest.length).toBeGreaterThan(10);
    expect(ids(await pageThrough(auditList, '', 200))).toEqual(ids(newest));
    const oldest = await pageThrough(auditList, 'sort=occurred&dir=asc', 200);
    expect(ids(oldest)).toEqual(ids([...newest].reverse()));
    expect(oldest.map((e: { occurredAt: string }) => e.occurredAt)).toEqual(oldest.map((e: { occurredAt: string }) => e.occurredAt).sort());
    expect(ids(await pageThrough(auditList, 'dir=asc', 3))).toEqual(ids(oldest));
    expect(ids(await pageThrough(auditList, 'dir=desc', 4))).toEqual(ids(newest));
    // With a filter: the batches created, oldest first, are the batches in creation order.
    const created = await pageThrough(auditList, 'dir=asc&action=batch.created', 2);
    expect(created.map((e: { targetId: string }) => e.targetId)).toEqual(ids(made));
  });

  it("never shows another tenant's events", async () => {
    const mine = new Set(ids(await pageThrough(auditList, 'dir=asc', 200)));
    const theirs = await pageThrough((q) => auditList(q, other.users.admin, other), 'dir=asc', 200);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((e: { id: string }) => mine.has(e.id))).toBe(false);
  });

  it('refuses a bad sort, direction or a cursor of the other direction with 400 naming the field; 403 without audit.read', async () => {
    expect(errorPaths(await auditList('sort=action'))).toEqual(['query.sort']);
    expect(errorPaths(await auditList('dir=newest'))).toEqual(['query.dir']);
    const newestCursor = ok(await auditList('limit=1')).nextCursor!;
    const oldestCursor = ok(await auditList('limit=1&dir=asc')).nextCursor!;
    expect(errorPaths(await auditList(`dir=asc&cursor=${encodeURIComponent(newestCursor)}`))).toEqual(['query.cursor']);
    expect(errorPaths(await auditList(`cursor=${encodeURIComponent(oldestCursor)}`))).toEqual(['query.cursor']);
    expect((await auditList('dir=asc', t.users.viewer)).status).toBe(403);
  });
});

describe('GET admin/audit-events: ?dir=', () => {
  it('lists the platform trail oldest first with dir=asc and pages through it once; 400 names a bad dir', async () => {
    const root = await createUserWithSession('root-orders', { platformAdmin: true });
    for (const body of [{ plan: 'team' }, { status: 'suspended' }, { status: 'active' }]) {
      const res = await call(changeTenant, {
        method: 'PATCH',
        url: `http://localhost/api/v1/admin/tenants/${other.slug}`,
        params: { tenant: other.slug },
        cookie: root.cookie,
        body,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    }
    const list = (query: string) =>
      call(listPlatformEvents, { url: `http://localhost/api/v1/admin/audit-events?${query}`, cookie: root.cookie });
    const actions = (rows: Array<{ action: string }>) => rows.map((e) => e.action);
    const oldest = await pageThrough(list, `actorId=${root.id}&dir=asc`, 1);
    expect(actions(oldest)).toEqual(['tenant.plan_changed', 'tenant.suspended', 'tenant.reactivated']);
    const newest = await pageThrough(list, `actorId=${root.id}`, 2);
    expect(ids(newest)).toEqual(ids([...oldest].reverse()));
    expect(errorPaths(await list('dir=up'))).toEqual(['query.dir']);
    const newestCursor = ok(await list(`actorId=${root.id}&limit=1`)).nextCursor!;
    expect(errorPaths(await list(`actorId=${root.id}&dir=asc&cursor=${encodeURIComponent(newestCursor)}`))).toEqual(['query.cursor']);
    expect(
      (await call(listPlatformEvents, { url: 'http://localhost/api/v1/admin/audit-events?dir=asc', cookie: t.users.admin.cookie })).status,
    ).toBe(403);
  });
});
