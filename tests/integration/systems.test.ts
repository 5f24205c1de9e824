import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as createRole } from '@/app/api/v1/tenants/[tenant]/roles/route';
import { DELETE, GET as getSystem, PATCH } from '@/app/api/v1/tenants/[tenant]/systems/[slug]/route';
import { GET as listSystems, POST } from '@/app/api/v1/tenants/[tenant]/systems/route';
import { GET as getTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { auditEvents, systems } from '@/db/schema';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const base = (slug: string) => `http://localhost/api/v1/tenants/${slug}/systems`;
const systemCount = (tenantId: string) => withTenant(tenantId, async (tx) => (await tx.select({ n: count() }).from(systems))[0].n);
const auditOf = (tenantId: string, requestId: string) =>
  withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)));

async function create(t: TestTenant, body: unknown, cookie = t.users.admin.cookie, headers: Record<string, string> = {}) {
  return call(POST, { method: 'POST', url: base(t.slug), params: { tenant: t.slug }, cookie, headers, body });
}

describe('POST /systems', () => {
  it('registers a system with its keys stored as <slug>:<resource.action> (201), audited', async () => {
    const slug = `lims-${unique()}`;
    const requestId = `sys-create-${unique()}`;
    const res = await create(acme, { slug, name: 'LIMS', permissions: ['samples.read', 'samples.approve'] }, acme.users.admin.cookie, {
      'x-request-id': requestId,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      slug,
      name: 'LIMS',
      description: null,
      roleCount: 0,
      permissions: [`${slug}:samples.approve`, `${slug}:samples.read`],
    });
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({ action: 'system.created', targetType: 'system', targetId: res.json.id, before: null });
    expect(event.after).toMatchObject({ slug, permissions: [`${slug}:samples.approve`, `${slug}:samples.read`] });
  });

  it('refuses a role without systems.manage (403) and bad input (400 naming fields), writing nothing', async () => {
    const before = await systemCount(acme.id);
    expect((await create(acme, { slug: `x-${unique()}`, name: 'X', permissions: [] }, acme.users.manager.cookie)).status).toBe(403);
    const bad = await create(acme, { slug: 'Bad Slug', name: 'X', permissions: ['nodot', 'a.b'], extra: true });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['slug', 'permissions.0', 'extra']));
    expect((await create(acme, { slug: 'x', name: 'Too short slug', permissions: [] })).status).toBe(400);
    expect((await create(acme, { slug: 'a'.repeat(41), name: 'Too long slug', permissions: [] })).status).toBe(400);
    expect(await systemCount(acme.id)).toBe(before);
  });

  it('refuses a duplicate slug (409) but the same slug in another tenant is fine', async () => {
    const slug = `dup-${unique()}`;
    expect((await create(acme, { slug, name: 'One', permissions: [] })).status).toBe(201);
    const again = await create(acme, { slug, name: 'Two', permissions: [] });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('conflict');
    expect((await create(other, { slug, name: 'Other', permissions: [] })).status).toBe(201);
  });
});

describe('GET/PATCH/DELETE /systems/{slug}', () => {
  it('lists and reads for systems.read holders; 403 without; 404 across tenants', async () => {
    const slug = `wms-${unique()}`;
    await create(acme, { slug, name: 'WMS', permissions: ['stock.read'] });
    const list = await call(listSystems, { url: base(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.manager.cookie });
    expect(list.status).toBe(200);
    expect(list.json.data.map((s: { slug: string }) => s.slug)).toContain(slug);
    expect(
      (await call(listSystems, { url: base(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.viewer.cookie })).status,
    ).toBe(403);
    const one = await call(getSystem, {
      url: `${base(acme.slug)}/${slug}`,
      params: { tenant: acme.slug, slug },
      cookie: acme.users.qa.cookie,
    });
    expect(one.json).toMatchObject({ slug, permissions: [`${slug}:stock.read`] });
    // The other tenant's admin does not see it.
    expect(
      (
        await call(getSystem, {
          url: `${base(other.slug)}/${slug}`,
          params: { tenant: other.slug, slug },
          cookie: other.users.admin.cookie,
        })
      ).status,
    ).toBe(404);
  });

  it('updates keys (audited), refuses removing a key a role grants (409), deletes only without roles (409, then 204)', async () => {
    const slug = `mes-${unique()}`;
    const url = `${base(acme.slug)}/${slug}`;
    const params = { tenant: acme.slug, slug };
    await create(acme, { slug, name: 'MES', permissions: ['orders.read'] });
    const requestId = `sys-patch-${unique()}`;
    const patched = await call(PATCH, {
      method: 'PATCH',
      url,
      params,
      cookie: acme.users.admin.cookie,
      headers: { 'x-request-id': requestId },
      body: { name: 'MES 2', permissions: ['orders.read', 'orders.write'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.permissions).toEqual([`${slug}:orders.read`, `${slug}:orders.write`]);
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({
      action: 'system.updated',
      before: { name: 'MES', permissions: [`${slug}:orders.read`] },
      after: { name: 'MES 2', permissions: [`${slug}:orders.read`, `${slug}:orders.write`] },
    });
    expect((await call(PATCH, { method: 'PATCH', url, params, cookie: acme.users.manager.cookie, body: { name: 'Nope' } })).status).toBe(
      403,
    );
    const bad = await call(PATCH, { method: 'PATCH', url, params, cookie: acme.users.admin.cookie, body: { permissions: ['NOT OK'] } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('permissions.0');

    const role = await call(createRole, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${acme.slug}/roles`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
      body: { name: `mes-writers-${unique()}`, system: slug, permissions: [`${slug}:orders.write`] },
    });
    expect(role.status).toBe(201);
    const dropUsed = await call(PATCH, {
      method: 'PATCH',
      url,
      params,
      cookie: acme.users.admin.cookie,
      body: { permissions: ['orders.read'] },
    });
    expect(dropUsed.status).toBe(409);
    const inUse = await call(DELETE, { method: 'DELETE', url, params, cookie: acme.users.admin.cookie });
    expect(inUse.status).toBe(409);
    expect(inUse.json.code).toBe('conflict');
    // Remove the role, then the system goes.
    const { DELETE: deleteRole } = await import('@/app/api/v1/tenants/[tenant]/roles/[id]/route');
    expect(
      (
        await call(deleteRole, {
          method: 'DELETE',
          url: `http://localhost/api/v1/tenants/${acme.slug}/roles/${role.json.id}`,
          params: { tenant: acme.slug, id: role.json.id },
          cookie: acme.users.admin.cookie,
        })
      ).status,
    ).toBe(204);
    expect(
      (await call(DELETE, { method: 'DELETE', url, params: { tenant: other.slug, slug }, cookie: other.users.admin.cookie })).status,
    ).toBe(404);
    const delId = `sys-del-${unique()}`;
    const del = await call(DELETE, { method: 'DELETE', url, params, cookie: acme.users.admin.cookie, headers: { 'x-request-id': delId } });
    expect(del.status).toBe(204);
    const [gone] = await auditOf(acme.id, delId);
    expect(gone).toMatchObject({ action: 'system.deleted', after: null, before: { slug, name: 'MES 2' } });
  });
});

describe('X-System-Slug', () => {
  // A probe route that reports the system context the wrapper resolved.
  const probe = tenantRoute(
    { method: 'GET', path: '/api/v1/tenants/{tenant}/probe', summary: 'probe', access: 'member', params: tenantParamsSchema },
    async ({ ctx }) => ({ system: ctx.system }),
  );

  it('sets ctx.system for a known slug, null without the header, 404 for an unknown or foreign slug', async () => {
    const slug = `erp-${unique()}`;
    const created = await create(acme, { slug, name: 'ERP', permissions: ['orders.read'] });
    const url = `http://localhost/api/v1/tenants/${acme.slug}/probe`;
    const params = { tenant: acme.slug };
    const none = await call(probe, { url, params, cookie: acme.users.viewer.cookie });
    expect(none.json).toEqual({ system: null });
    const known = await call(probe, { url, params, cookie: acme.users.viewer.cookie, headers: { 'x-system-slug': slug } });
    expect(known.status).toBe(200);
    expect(known.json).toEqual({ system: { id: created.json.id, slug } });
    const unknown = await call(probe, { url, params, cookie: acme.users.viewer.cookie, headers: { 'x-system-slug': 'no-such-system' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('not_found');
    // A slug registered only in another tenant is unknown here.
    const otherSlug = `only-other-${unique()}`;
    await create(other, { slug: otherSlug, name: 'Other', permissions: [] });
    expect((await call(probe, { url, params, cookie: acme.users.viewer.cookie, headers: { 'x-system-slug': otherSlug } })).status).toBe(
      404,
    );
    // Real routes too.
    const tenant = await call(getTenant, {
      url: `http://localhost/api/v1/tenants/${acme.slug}`,
      params,
      cookie: acme.users.admin.cookie,
      headers: { 'x-system-slug': 'no-such-system' },
    });
    expect(tenant.status).toBe(404);
  });
});

describe('GET /systems?sort=&q=', () => {
  // Five systems with set creation times: two share a name (tie broken by id), two were created in the same
  // microsecond and two a microsecond apart.
  const spec = [
    { slug: 'mes', name: 'Shop floor', createdAt: '2030-01-01T10:00:00.000001Z' },
    { slug: 'erp', name: 'erp', createdAt: '2030-01-01T10:00:00.000002Z' },
    { slug: 'lims', name: 'Lab', createdAt: '2030-01-01T11:00:00.000000Z' },
    { slug: 'wms', name: 'Lab', createdAt: '2030-01-01T11:00:00.000000Z' },
    { slug: 'crm', name: 'Accounts', createdAt: '2030-01-01T09:00:00.000000Z' },
  ];
  type Row = (typeof spec)[number] & { id: string };
  let t: TestTenant;
  let rows: Row[];

  beforeAll(async () => {
    t = await createTenantWithMembers();
    rows = [];
    for (const s of spec) {
      const res = await create(t, { slug: s.slug, name: s.name, permissions: ['things.read'] });
      expect(res.status).toBe(201);
      rows.push({ ...s, id: res.json.id });
    }
    await withTenant(t.id, async (tx) => {
      for (const r of rows) await tx.execute(sql`update systems set created_at = ${r.createdAt}::timestamptz where id = ${r.id}`);
    });
  });

  const list = (query: string) =>
    call(listSystems, { url: `${base(t.slug)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });

  /** Every page of one order, one system per page so that every row is a cursor once. */
  async function walk(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res = await list(`limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      ids.push(...res.json.data.map((s: { id: string }) => s.id));
      cursor = res.json.nextCursor;
      if (!cursor) break;
    }
    return ids;
  }

  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const expected: Record<string, (a: Row, b: Row) => number> = {
    slug: (a, b) => cmp(a.slug, b.slug),
    name: (a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.id, b.id),
    created: (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  };

  it('returns each allowed order, and pages through it with the cursor giving every system exactly once', async () => {
    for (const [sort, order] of Object.entries(expected)) {
      const want = [...rows].sort(order).map((r) => r.id);
      const all = await list(`limit=200&sort=${sort}`);
      expect(all.status).toBe(200);
      expect(
        all.json.data.map((s: { id: string }) => s.id),
        sort,
      ).toEqual(want);
      expect(await walk(`sort=${sort}`), sort).toEqual(want);
    }
    // No sort is `slug`, A–Z.
    expect((await list('limit=200')).json.data.map((s: { slug: string }) => s.slug)).toEqual(['crm', 'erp', 'lims', 'mes', 'wms']);
  });

  it('filters by part of the slug or name (case-insensitive, % and _ literal), in any order and across pages', async () => {
    const slugs = async (query: string) => (await list(query)).json.data.map((s: { slug: string }) => s.slug);
    expect(await slugs('q=LAB')).toEqual(['lims', 'wms']);
    expect(await slugs('q=O')).toEqual(['crm', 'mes']);
    expect(await slugs('q=ms')).toEqual(['lims', 'wms']);
    const bySlug = new Map(rows.map((r) => [r.id, r.slug]));
    expect((await walk('q=m&sort=name')).map((id) => bySlug.get(id))).toEqual(
      rows
        .filter((r) => /m/i.test(r.slug) || /m/i.test(r.name))
        .sort(expected.name)
        .map((r) => r.slug),
    );
    expect(await slugs('q=l_b')).toEqual([]);
    expect(await slugs('q=%25')).toEqual([]);
  });

  it('is 400 naming query.sort for an unknown order, and query.cursor for a cursor of another order', async () => {
    for (const bad of ['roles', 'Slug', '']) {
      const res = await list(`sort=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors[0].path).toBe('query.sort');
    }
    const first = await list('limit=1&sort=slug');
    for (const other of ['name', 'created']) {
      const mixed = await list(`limit=1&sort=${other}&cursor=${first.json.nextCursor}`);
      expect(mixed.status, other).toBe(400);
      expect(mixed.json.errors[0].path).toBe('query.cursor');
    }
  });
});
