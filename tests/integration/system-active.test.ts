import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as authorizeRoute } from '@/app/api/v1/tenants/[tenant]/authorize/route';
import { GET as permissionsRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/permissions/route';
import { GET as getSystem, PATCH } from '@/app/api/v1/tenants/[tenant]/systems/[slug]/route';
import { GET as listSystems } from '@/app/api/v1/tenants/[tenant]/systems/route';
import { auditEvents, memberOverrides, systems } from '@/db/schema';
import { findSystemForTokens, loadSystemAccess } from '@/lib/access/system-access';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { membershipId } from '../support/members';

// Switching a downstream system off (systems.active): PATCH, the list, and what its keys evaluate to.
let acme: TestTenant;
let other: TestTenant;
let slug: string;
let systemId: string;
let viewerMembership: string;

const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}`;
const patch = (t: TestTenant, s: string, cookie: string, body: unknown, headers: Record<string, string> = {}) =>
  call(PATCH, { method: 'PATCH', url: `${base(t)}/systems/${s}`, params: { tenant: t.slug, slug: s }, cookie, body, headers });
const authorize = (t: TestTenant, cookie: string, body: unknown, headers: Record<string, string> = {}) =>
  call(authorizeRoute, { method: 'POST', url: `${base(t)}/authorize`, params: { tenant: t.slug }, cookie, body, headers });
const permissions = (t: TestTenant, id: string, cookie: string, headers: Record<string, string> = {}) =>
  call(permissionsRoute, { url: `${base(t)}/members/${id}/permissions`, params: { tenant: t.slug, id }, cookie, headers });
const storedActive = async () =>
  (await withTenant(acme.id, (tx) => tx.select({ active: systems.active }).from(systems).where(eq(systems.id, systemId))))[0].active;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  slug = `ims-${unique()}`;
  viewerMembership = await membershipId(acme, acme.users.viewer.id);
  await withTenant(acme.id, async (tx) => {
    const [row] = await tx
      .insert(systems)
      .values({ tenantId: acme.id, slug, name: 'IMS', permissions: [`${slug}:stock.adjust`, `${slug}:stock.read`] })
      .returning();
    systemId = row.id;
    await tx
      .insert(memberOverrides)
      .values({ tenantId: acme.id, membershipId: viewerMembership, permission: `${slug}:stock.adjust`, effect: 'grant' });
  });
});

describe('PATCH /systems/{slug} active', () => {
  it('switches a system off and on, audited as system.updated with old and new, shown by GET and the list', async () => {
    expect(
      (
        await call(getSystem, {
          url: `${base(acme)}/systems/${slug}`,
          params: { tenant: acme.slug, slug },
          cookie: acme.users.manager.cookie,
        })
      ).json,
    ).toMatchObject({ slug, active: true });
    const requestId = `sys-off-${unique()}`;
    const off = await patch(acme, slug, acme.users.admin.cookie, { active: false }, { 'x-request-id': requestId });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ slug, active: false, permissions: [`${slug}:stock.adjust`, `${slug}:stock.read`] });
    expect(await storedActive()).toBe(false);
    const [event] = await withTenant(acme.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)));
    expect(event).toMatchObject({ action: 'system.updated', targetId: systemId });
    expect(event.before).toMatchObject({ active: true });
    expect(event.after).toMatchObject({ active: false });
    const list = await call(listSystems, {
      url: `${base(acme)}/systems?q=${slug}`,
      params: { tenant: acme.slug },
      cookie: acme.users.manager.cookie,
    });
    expect(list.json.data).toEqual([expect.objectContaining({ slug, active: false })]);
    // Renaming leaves it off; switching it on again.
    expect((await patch(acme, slug, acme.users.admin.cookie, { name: 'IMS (off)' })).json).toMatchObject({ active: false });
    expect((await patch(acme, slug, acme.users.admin.cookie, { active: true })).json).toMatchObject({ active: true, name: 'IMS (off)' });
    expect(await storedActive()).toBe(true);
  });

  it('refuses a member without systems.manage (403), another tenant (404) and bad input (400 naming active), changing nothing', async () => {
    expect((await patch(acme, slug, acme.users.manager.cookie, { active: false })).status).toBe(403);
    expect((await patch(other, slug, other.users.admin.cookie, { active: false })).status).toBe(404);
    expect((await patch(other, slug, acme.users.admin.cookie, { active: false })).status).toBe(404);
    for (const bad of ['no', 0, null]) {
      const res = await patch(acme, slug, acme.users.admin.cookie, { active: bad });
      expect(res.status).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['active']);
    }
    expect(await storedActive()).toBe(true);
  });
});

describe('an inactive system’s keys evaluate to deny', () => {
  it('authorize answers system_inactive, the permissions list shows none of its keys as effective, tokens carry nothing', async () => {
    const ask = { permission: 'stock.adjust', userId: acme.users.viewer.id };
    expect((await authorize(acme, acme.users.admin.cookie, { ...ask, system: slug })).json).toEqual({ allowed: true, reason: 'grant' });
    await patch(acme, slug, acme.users.admin.cookie, { active: false });
    try {
      for (const [body, headers] of [
        [{ ...ask, system: slug }, {}],
        [ask, { 'x-system-slug': slug }],
        [{ permission: `${slug}:stock.adjust`, userId: acme.users.viewer.id }, {}],
      ] as const) {
        const res = await authorize(acme, acme.users.admin.cookie, body, headers);
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ allowed: false, reason: 'system_inactive' });
      }
      // Custos's own keys are untouched.
      expect((await authorize(acme, acme.users.viewer.cookie, { permission: 'sites.read' })).json).toEqual({
        allowed: true,
        reason: 'role:viewer',
      });
      const listed = await permissions(acme, viewerMembership, acme.users.admin.cookie);
      expect(listed.json.permissions).toContainEqual(
        expect.objectContaining({ permission: `${slug}:stock.adjust`, allowed: false, decidedBy: 'system_inactive' }),
      );
      expect(
        listed.json.permissions.filter((p: { permission: string; allowed: boolean }) => p.permission.startsWith(`${slug}:`) && p.allowed),
      ).toEqual([]);
      expect(listed.json.overrides.grant).toEqual([`${slug}:stock.adjust`]);
      const system = await withTenant(acme.id, (tx) => findSystemForTokens(tx, acme.id, systemId));
      expect(system).toEqual({ id: systemId, slug, active: false });
      expect(await withTenant(acme.id, (tx) => loadSystemAccess(tx, acme.id, acme.users.viewer.id, system!))).toEqual({
        roles: [],
        permissions: [],
      });
    } finally {
      await patch(acme, slug, acme.users.admin.cookie, { active: true });
    }
    expect((await authorize(acme, acme.users.admin.cookie, { ...ask, system: slug })).json).toEqual({ allowed: true, reason: 'grant' });
  });
});
