import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getRole, PATCH, DELETE } from '@/app/api/v1/tenants/[tenant]/roles/[id]/route';
import { GET as listRoles, POST } from '@/app/api/v1/tenants/[tenant]/roles/route';
import { GET as getTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { POST as createSystem } from '@/app/api/v1/tenants/[tenant]/systems/route';
import { auditEvents, memberRoles, memberships, roles } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const base = (slug: string) => `http://localhost/api/v1/tenants/${slug}/roles`;
const roleCount = (tenantId: string) => withTenant(tenantId, async (tx) => (await tx.select({ n: count() }).from(roles))[0].n);
const auditOf = (tenantId: string, requestId: string) =>
  withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)));

async function create(t: TestTenant, body: unknown, cookie = t.users.admin.cookie, headers: Record<string, string> = {}) {
  return call(POST, { method: 'POST', url: base(t.slug), params: { tenant: t.slug }, cookie, headers, body });
}

describe('GET /roles', () => {
  it('lists the default roles with permissions, isDefault, system and member count for roles.read holders', async () => {
    const res = await call(listRoles, { url: base(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.manager.cookie });
    expect(res.status).toBe(200);
    const admin = res.json.data.find((r: { name: string }) => r.name === 'admin');
    expect(admin).toMatchObject({ isDefault: true, system: null, memberCount: 1, id: acme.roleIds.admin });
    expect(admin.permissions).toContain('tenant.delete');
    expect(admin.permissions).not.toContain('batches.release');
    expect(res.json.data.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['admin', 'manager', 'qa', 'operator', 'viewer']),
    );
  });

  it('refuses a member without roles.read (403) and pages with a cursor', async () => {
    const res = await call(listRoles, { url: base(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.operator.cookie });
    expect(res.status).toBe(403);
    const first = await call(listRoles, {
      url: `${base(acme.slug)}?limit=2`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
    });
    expect(first.json.data).toHaveLength(2);
    expect(first.json.nextCursor).toBeTruthy();
    const second = await call(listRoles, {
      url: `${base(acme.slug)}?limit=2&cursor=${first.json.nextCursor}`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
    });
    expect(second.json.data).toHaveLength(2);
    expect(second.json.data[0].name > first.json.data[1].name).toBe(true);
    const bad = await call(listRoles, {
      url: `${base(acme.slug)}?cursor=zzz`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.cursor');
  });

  it("answers 404 for another tenant's role id", async () => {
    const res = await call(getRole, {
      url: `${base(acme.slug)}/${other.roleIds.admin}`,
      params: { tenant: acme.slug, id: other.roleIds.admin },
      cookie: acme.users.admin.cookie,
    });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
  });
});

describe('POST /roles', () => {
  it('creates a custom role (201) and audits role.created with its permissions', async () => {
    const name = `Auditors ${unique()}`;
    const res = await create(
      acme,
      { name, description: 'Read the trail', permissions: ['audit.read', 'audit.export'] },
      acme.users.admin.cookie,
      {
        'x-request-id': `role-create-${name.slice(-8)}`,
      },
    );
    // admin lacks nothing here: audit.export is an admin permission
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name, isDefault: false, system: null, memberCount: 0, permissions: ['audit.export', 'audit.read'] });
    const [event] = await auditOf(acme.id, `role-create-${name.slice(-8)}`);
    expect(event).toMatchObject({ action: 'role.created', targetType: 'role', targetId: res.json.id, before: null });
    expect(event.after).toMatchObject({ name, permissions: ['audit.export', 'audit.read'] });
  });

  it('refuses a member without roles.manage (403) and writes nothing', async () => {
    const before = await roleCount(acme.id);
    const res = await create(acme, { name: `x-${unique()}`, permissions: ['sites.read'] }, acme.users.manager.cookie);
    expect(res.status).toBe(403);
    expect(await roleCount(acme.id)).toBe(before);
  });

  it('answers 400 naming each bad field and writes nothing', async () => {
    const before = await roleCount(acme.id);
    const res = await create(acme, { name: 'x', permissions: ['sites.read', 'nope.fly'], colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    const paths = res.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'colour']));
    const unknownKey = await create(acme, { name: `ok-${unique()}`, permissions: ['sites.read', 'nope.fly'] });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.json.errors).toEqual([{ path: 'permissions.1', message: expect.stringContaining('nope.fly') }]);
    const unknownSystem = await create(acme, { name: `ok-${unique()}`, permissions: [], system: 'no-such-system' });
    expect(unknownSystem.status).toBe(400);
    expect(unknownSystem.json.errors[0].path).toBe('system');
    expect(await roleCount(acme.id)).toBe(before);
  });

  it('refuses a duplicate name (409)', async () => {
    const res = await create(acme, { name: 'manager', permissions: ['sites.read'] });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('conflict');
    expect((await create(acme, { name: 'Manager', permissions: [] })).status).toBe(409);
  });

  it('refuses escalation: nobody puts in a role a permission they do not hold', async () => {
    // Give the manager roles.manage through a custom role, then try to create a role with tenant.delete.
    const t = await createTenantWithMembers();
    const editor = await create(t, { name: 'role-editor', permissions: ['roles.manage', 'roles.read'] });
    expect(editor.status).toBe(201);
    await withTenant(t.id, async (tx) => {
      const [m] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, t.users.manager.id));
      await tx.insert(memberRoles).values({ tenantId: t.id, membershipId: m.id, roleId: editor.json.id });
    });
    const before = await roleCount(t.id);
    const res = await create(t, { name: 'sneaky', permissions: ['tenant.delete'] }, t.users.manager.cookie);
    expect(res.status).toBe(403);
    expect(res.json.detail).toContain('tenant.delete');
    expect(await roleCount(t.id)).toBe(before);
    // Permissions the manager holds are fine.
    expect((await create(t, { name: 'readers', permissions: ['sites.read', 'batches.read'] }, t.users.manager.cookie)).status).toBe(201);
    // And the admin cannot hand out batches.release, which admin does not hold.
    const adminTry = await create(t, { name: 'releasers', permissions: ['batches.release'] });
    expect(adminTry.status).toBe(403);
    // Editing: the manager cannot add tenant.delete to the viewer role either.
    const patch = await call(PATCH, {
      method: 'PATCH',
      url: `${base(t.slug)}/${t.roleIds.viewer}`,
      params: { tenant: t.slug, id: t.roleIds.viewer },
      cookie: t.users.manager.cookie,
      body: { permissions: ['sites.read', 'batches.read', 'inspections.read', 'serials.read', 'tenant.delete'] },
    });
    expect(patch.status).toBe(403);
  });

  it("creates a system-scoped role with only that system's keys", async () => {
    const slug = `erp-${unique()}`;
    const sys = await call(createSystem, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${acme.slug}/systems`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
      body: { slug, name: 'ERP', permissions: ['orders.read', 'orders.approve'] },
    });
    expect(sys.status).toBe(201);
    const ok = await create(acme, { name: `erp-approvers-${unique()}`, system: slug, permissions: [`${slug}:orders.approve`] });
    expect(ok.status).toBe(201);
    expect(ok.json.system).toEqual({ slug });
    expect(ok.json.permissions).toEqual([`${slug}:orders.approve`]);
    const catalogKey = await create(acme, { name: `erp-bad-${unique()}`, system: slug, permissions: ['sites.read'] });
    expect(catalogKey.status).toBe(400);
    expect(catalogKey.json.errors[0].path).toBe('permissions.0');
    const systemKeyWithoutSystem = await create(acme, { name: `erp-bad-${unique()}`, permissions: [`${slug}:orders.read`] });
    expect(systemKeyWithoutSystem.status).toBe(400);
  });
});

describe('PATCH /roles/{id}', () => {
  it('edits a custom role and audits before/after permission lists', async () => {
    const created = await create(acme, { name: `editors-${unique()}`, permissions: ['sites.read'] });
    const requestId = `role-patch-${unique()}`;
    const res = await call(PATCH, {
      method: 'PATCH',
      url: `${base(acme.slug)}/${created.json.id}`,
      params: { tenant: acme.slug, id: created.json.id },
      cookie: acme.users.admin.cookie,
      headers: { 'x-request-id': requestId },
      body: { description: 'Sites and batches', permissions: ['batches.read', 'sites.read'] },
    });
    expect(res.status).toBe(200);
    expect(res.json.permissions).toEqual(['batches.read', 'sites.read']);
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({
      action: 'role.updated',
      targetId: created.json.id,
      before: { description: null, permissions: ['sites.read'] },
      after: { description: 'Sites and batches', permissions: ['batches.read', 'sites.read'] },
    });
  });

  it('protects the default roles: no rename (409); permissions editable; admin keeps its permissions (409)', async () => {
    const url = (id: string) => `${base(acme.slug)}/${id}`;
    const rename = await call(PATCH, {
      method: 'PATCH',
      url: url(acme.roleIds.viewer),
      params: { tenant: acme.slug, id: acme.roleIds.viewer },
      cookie: acme.users.admin.cookie,
      body: { name: 'watchers' },
    });
    expect(rename.status).toBe(409);
    const edit = await call(PATCH, {
      method: 'PATCH',
      url: url(acme.roleIds.viewer),
      params: { tenant: acme.slug, id: acme.roleIds.viewer },
      cookie: acme.users.admin.cookie,
      body: { permissions: ['sites.read', 'batches.read', 'inspections.read', 'serials.read', 'audit.read'] },
    });
    expect(edit.status).toBe(200);
    expect(edit.json.permissions).toContain('audit.read');
    const shrinkAdmin = await call(PATCH, {
      method: 'PATCH',
      url: url(acme.roleIds.admin),
      params: { tenant: acme.slug, id: acme.roleIds.admin },
      cookie: acme.users.admin.cookie,
      body: { permissions: ['tenant.read'] },
    });
    expect(shrinkAdmin.status).toBe(409);
    const adminNow = await call(getRole, {
      url: url(acme.roleIds.admin),
      params: { tenant: acme.slug, id: acme.roleIds.admin },
      cookie: acme.users.admin.cookie,
    });
    expect(adminNow.json.permissions).toContain('tenant.delete');
    const del = await call(DELETE, {
      method: 'DELETE',
      url: url(acme.roleIds.viewer),
      params: { tenant: acme.slug, id: acme.roleIds.viewer },
      cookie: acme.users.admin.cookie,
    });
    expect(del.status).toBe(409);
  });

  it('takes effect on the next request of a member holding the role', async () => {
    const t = await createTenantWithMembers();
    const tenantUrl = `http://localhost/api/v1/tenants/${t.slug}`;
    expect((await call(getTenant, { url: tenantUrl, params: { tenant: t.slug }, cookie: t.users.viewer.cookie })).status).toBe(403);
    const res = await call(PATCH, {
      method: 'PATCH',
      url: `${base(t.slug)}/${t.roleIds.viewer}`,
      params: { tenant: t.slug, id: t.roleIds.viewer },
      cookie: t.users.admin.cookie,
      body: { permissions: ['sites.read', 'batches.read', 'inspections.read', 'serials.read', 'tenant.read'] },
    });
    expect(res.status).toBe(200);
    expect((await call(getTenant, { url: tenantUrl, params: { tenant: t.slug }, cookie: t.users.viewer.cookie })).status).toBe(200);
  });

  it("answers 404 for another tenant's role and 400 for bad input, changing nothing", async () => {
    const foreign = await call(PATCH, {
      method: 'PATCH',
      url: `${base(acme.slug)}/${other.roleIds.viewer}`,
      params: { tenant: acme.slug, id: other.roleIds.viewer },
      cookie: acme.users.admin.cookie,
      body: { permissions: [] },
    });
    expect(foreign.status).toBe(404);
    const bad = await call(PATCH, {
      method: 'PATCH',
      url: `${base(acme.slug)}/${acme.roleIds.operator}`,
      params: { tenant: acme.slug, id: acme.roleIds.operator },
      cookie: acme.users.admin.cookie,
      body: { permissions: ['sites.read', 'sites.read'], extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['permissions', 'extra']));
    const forbiddenEdit = await call(PATCH, {
      method: 'PATCH',
      url: `${base(acme.slug)}/${acme.roleIds.operator}`,
      params: { tenant: acme.slug, id: acme.roleIds.operator },
      cookie: acme.users.qa.cookie,
      body: { permissions: [] },
    });
    expect(forbiddenEdit.status).toBe(403);
    const op = await call(getRole, {
      url: `${base(acme.slug)}/${acme.roleIds.operator}`,
      params: { tenant: acme.slug, id: acme.roleIds.operator },
      cookie: acme.users.admin.cookie,
    });
    expect(op.json.permissions).toContain('serials.update');
  });
});

describe('DELETE /roles/{id}', () => {
  it('is 409 while the role is assigned, then 204 with role.deleted audited', async () => {
    const created = await create(acme, { name: `temp-${unique()}`, permissions: ['sites.read'] });
    const id = created.json.id as string;
    const membershipId = await withTenant(acme.id, async (tx) => {
      const [m] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, acme.users.viewer.id));
      await tx.insert(memberRoles).values({ tenantId: acme.id, membershipId: m.id, roleId: id });
      return m.id;
    });
    const opts = { method: 'DELETE', url: `${base(acme.slug)}/${id}`, params: { tenant: acme.slug, id } };
    const inUse = await call(DELETE, { ...opts, cookie: acme.users.admin.cookie });
    expect(inUse.status).toBe(409);
    expect(inUse.json.code).toBe('conflict');
    await withTenant(acme.id, (tx) =>
      tx.delete(memberRoles).where(and(eq(memberRoles.membershipId, membershipId), eq(memberRoles.roleId, id))),
    );
    expect((await call(DELETE, { ...opts, cookie: acme.users.manager.cookie })).status).toBe(403);
    const foreign = await call(DELETE, { ...opts, params: { tenant: other.slug, id }, cookie: other.users.admin.cookie });
    expect(foreign.status).toBe(404);
    const requestId = `role-del-${unique()}`;
    const ok = await call(DELETE, { ...opts, cookie: acme.users.admin.cookie, headers: { 'x-request-id': requestId } });
    expect(ok.status).toBe(204);
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({ action: 'role.deleted', targetId: id, after: null, before: { permissions: ['sites.read'] } });
    expect((await call(getRole, { url: opts.url, params: opts.params, cookie: acme.users.admin.cookie })).status).toBe(404);
  });
});
