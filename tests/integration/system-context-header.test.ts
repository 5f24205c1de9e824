import { beforeAll, describe, expect, it } from 'vitest';
import { GET as openApiGet } from '@/app/api/openapi.json/route';
import { POST as authorizeRoute } from '@/app/api/v1/tenants/[tenant]/authorize/route';
import { GET as permissionsRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/permissions/route';
import { memberOverrides, memberRoles, rolePermissions, roles, systems } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { membershipId } from '../support/members';

// X-System-Slug sets the system context of authorize and members/{id}/permissions, as the `system` field does.
let acme: TestTenant;
let other: TestTenant;
let ims: string;
let tts: string;
let operatorMembership: string;

const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}`;
const authorize = (t: TestTenant, cookie: string, body: unknown, system?: string) =>
  call(authorizeRoute, {
    method: 'POST',
    url: `${base(t)}/authorize`,
    params: { tenant: t.slug },
    cookie,
    body,
    headers: system ? { 'X-System-Slug': system } : {},
  });
const permissions = (t: TestTenant, id: string, cookie: string, system?: string) =>
  call(permissionsRoute, {
    url: `${base(t)}/members/${id}/permissions`,
    params: { tenant: t.slug, id },
    cookie,
    headers: system ? { 'X-System-Slug': system } : {},
  });

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  ims = `ims-${unique()}`;
  tts = `tts-${unique()}`;
  operatorMembership = await membershipId(acme, acme.users.operator.id);
  await withTenant(acme.id, async (tx) => {
    const [a] = await tx
      .insert(systems)
      .values([
        { tenantId: acme.id, slug: ims, name: 'IMS', permissions: [`${ims}:stock.adjust`, `${ims}:stock.read`] },
        { tenantId: acme.id, slug: tts, name: 'TTS', permissions: [`${tts}:events.read`] },
      ])
      .returning();
    const [role] = await tx
      .insert(roles)
      .values({ tenantId: acme.id, name: `IMS clerk ${unique()}`, systemId: a.id })
      .returning();
    await tx.insert(rolePermissions).values([
      { tenantId: acme.id, roleId: role.id, permission: `${ims}:stock.adjust` },
      { tenantId: acme.id, roleId: role.id, permission: `${ims}:stock.read` },
    ]);
    await tx.insert(memberOverrides).values([
      { tenantId: acme.id, membershipId: operatorMembership, permission: `${ims}:stock.read`, effect: 'deny' },
      { tenantId: acme.id, membershipId: operatorMembership, permission: `${tts}:events.read`, effect: 'grant' },
    ]);
    await tx.insert(memberRoles).values({ tenantId: acme.id, membershipId: operatorMembership, roleId: role.id });
  });
});

describe('POST /authorize with X-System-Slug', () => {
  it('evaluates `permission` as the system’s key, the same answer as the full key or the system field', async () => {
    const me = acme.users.operator.cookie;
    const viaHeader = await authorize(acme, me, { permission: 'stock.adjust' }, ims);
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.json).toEqual({ allowed: true, reason: expect.stringMatching(/^role:IMS clerk/) });
    expect((await authorize(acme, me, { permission: `${ims}:stock.adjust` })).json).toEqual(viaHeader.json);
    expect((await authorize(acme, me, { permission: 'stock.adjust', system: ims })).json).toEqual(viaHeader.json);
    // The same field and header agreeing, and a full key of the header's system, are fine.
    expect((await authorize(acme, me, { permission: 'stock.adjust', system: ims }, ims)).json).toEqual(viaHeader.json);
    expect((await authorize(acme, me, { permission: `${ims}:stock.adjust` }, ims)).json).toEqual(viaHeader.json);
    // The deny wins in the system context too; the header's system does not lend its keys to another.
    expect((await authorize(acme, me, { permission: 'stock.read' }, ims)).json).toEqual({ allowed: false, reason: 'deny' });
    expect((await authorize(acme, me, { permission: 'events.read' }, tts)).json).toEqual({ allowed: true, reason: 'grant' });
    expect((await authorize(acme, me, { permission: 'stock.adjust' }, tts)).json).toEqual({ allowed: false, reason: 'default_deny' });
    // Asking about someone else still needs members.read.
    expect(
      (await authorize(acme, acme.users.viewer.cookie, { permission: 'stock.adjust', userId: acme.users.operator.id }, ims)).status,
    ).toBe(403);
    expect(
      (await authorize(acme, acme.users.admin.cookie, { permission: 'stock.adjust', userId: acme.users.operator.id }, ims)).json,
    ).toEqual(viaHeader.json);
  });

  it('refuses a system field that disagrees (400 system), a key of another system (400 permission), an unknown slug (404)', async () => {
    const me = acme.users.operator.cookie;
    const disagree = await authorize(acme, me, { permission: 'stock.adjust', system: tts }, ims);
    expect(disagree.status).toBe(400);
    expect(disagree.json.errors.map((e: { path: string }) => e.path)).toEqual(['system']);
    const foreign = await authorize(acme, me, { permission: `${tts}:events.read` }, ims);
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors.map((e: { path: string }) => e.path)).toEqual(['permission']);
    const unknown = await authorize(acme, me, { permission: 'stock.adjust' }, `nope-${unique()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toMatch(/system/i);
    // Another tenant's system slug is unknown here.
    expect((await authorize(other, other.users.operator.cookie, { permission: 'stock.adjust' }, ims)).status).toBe(404);
  });
});

describe('GET /members/{id}/permissions with X-System-Slug', () => {
  it("lists only that system's keys and denies", async () => {
    const all = await permissions(acme, operatorMembership, acme.users.admin.cookie);
    expect(all.json.permissions.map((p: { permission: string }) => p.permission)).toEqual(
      expect.arrayContaining(['batches.read', `${ims}:stock.adjust`, `${tts}:events.read`]),
    );
    const scoped = await permissions(acme, operatorMembership, acme.users.admin.cookie, ims);
    expect(scoped.status).toBe(200);
    expect(scoped.json.permissions).toEqual([
      expect.objectContaining({ permission: `${ims}:stock.adjust`, allowed: true }),
      expect.objectContaining({ permission: `${ims}:stock.read`, allowed: false, decidedBy: 'deny' }),
    ]);
    expect(scoped.json.denies).toEqual([`${ims}:stock.read`]);
    expect((await permissions(acme, operatorMembership, acme.users.admin.cookie, tts)).json.permissions).toEqual([
      expect.objectContaining({ permission: `${tts}:events.read`, allowed: true, decidedBy: 'grant' }),
    ]);
    expect((await permissions(acme, operatorMembership, acme.users.admin.cookie, `nope-${unique()}`)).status).toBe(404);
    expect((await permissions(acme, operatorMembership, acme.users.viewer.cookie, ims)).status).toBe(403);
  });

  it('declares the header in the OpenAPI document of both operations', async () => {
    const doc = (await openApiGet().json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    for (const [path, method] of [
      ['/api/v1/tenants/{tenant}/authorize', 'post'],
      ['/api/v1/tenants/{tenant}/members/{id}/permissions', 'get'],
    ]) {
      expect(doc.paths[path][method].parameters).toContainEqual(expect.objectContaining({ name: 'X-System-Slug', in: 'header' }));
    }
  });
});
