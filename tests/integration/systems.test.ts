import { count, eq } from 'drizzle-orm';
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
    expect(res.json).toMatchObject({ slug, name: 'LIMS', description: null, roleCount: 0, permissions: [`${slug}:samples.approve`, `${slug}:samples.read`] });
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
    expect((await call(listSystems, { url: base(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.viewer.cookie })).status).toBe(403);
    const one = await call(getSystem, { url: `${base(acme.slug)}/${slug}`, params: { tenant: acme.slug, slug }, cookie: acme.users.qa.cookie });
    expect(one.json).toMatchObject({ slug, permissions: [`${slug}:stock.read`] });
    // The other tenant's admin does not see it.
    expect((await call(getSystem, { url: `${base(other.slug)}/${slug}`, params: { tenant: other.slug, slug }, cookie: other.users.admin.cookie })).status).toBe(404);
  });

  it('updates keys (audited), refuses removing a key a role grants (409), deletes only without roles (409, then 204)', async () => {
    const slug = `mes-${unique()}`;
    const url = `${base(acme.slug)}/${slug}`;
    const params = { tenant: acme.slug, slug };
    await create(acme, { slug, name: 'MES', permissions: ['orders.read'] });
    const requestId = `sys-patch-${unique()}`;
    const patched = await call(PATCH, {
      method: 'PATCH', url, params, cookie: acme.users.admin.cookie, headers: { 'x-request-id': requestId },
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
    expect((await call(PATCH, { method: 'PATCH', url, params, cookie: acme.users.manager.cookie, body: { name: 'Nope' } })).status).toBe(403);
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
    const dropUsed = await call(PATCH, { method: 'PATCH', url, params, cookie: acme.users.admin.cookie, body: { permissions: ['orders.read'] } });
    expect(dropUsed.status).toBe(409);
    const inUse = await call(DELETE, { method: 'DELETE', url, params, cookie: acme.users.admin.cookie });
    expect(inUse.status).toBe(409);
    expect(inUse.json.code).toBe('conflict');
    // Remove the role, then the system goes.
    const { DELETE: deleteRole } = await import('@/app/api/v1/tenants/[tenant]/roles/[id]/route');
    expect(
      (await call(deleteRole, {
        method: 'DELETE',
        url: `http://localhost/api/v1/tenants/${acme.slug}/roles/${role.json.id}`,
        params: { tenant: acme.slug, id: role.json.id },
        cookie: acme.users.admin.cookie,
      })).status,
    ).toBe(204);
    expect((await call(DELETE, { method: 'DELETE', url, params: { tenant: other.slug, slug }, cookie: other.users.admin.cookie })).status).toBe(404);
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
    expect((await call(probe, { url, params, cookie: acme.users.viewer.cookie, headers: { 'x-system-slug': otherSlug } })).status).toBe(404);
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
