import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as authorizeRoute } from '@/app/api/v1/tenants/[tenant]/authorize/route';
import { PUT } from '@/app/api/v1/tenants/[tenant]/members/[id]/overrides/route';
import { GET as permissionsRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/permissions/route';
import { PATCH } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { GET as listRoute } from '@/app/api/v1/tenants/[tenant]/members/route';
import { auditEvents, memberOverrides, systems, teamMembers, teamRoles, teams } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant } from '../support/fixtures';
import { membershipId, newMember } from '../support/members';

let acme: TestTenant;
let other: TestTenant;
const ids: Record<string, string> = {};
const otherIds: Record<string, string> = {};

const base = (t: TestTenant) => `http://localhost/api/v1/tenants/${t.slug}`;
const put = (t: TestTenant, id: string, cookie: string, body: unknown, requestId?: string) =>
  call(PUT, {
    method: 'PUT',
    url: `${base(t)}/members/${id}/overrides`,
    params: { tenant: t.slug, id },
    cookie,
    body,
    headers: requestId ? { 'x-request-id': requestId } : {},
  });
const permissions = (t: TestTenant, id: string, cookie: string) =>
  call(permissionsRoute, { url: `${base(t)}/members/${id}/permissions`, params: { tenant: t.slug, id }, cookie });
const authorize = (t: TestTenant, cookie: string, body: unknown) =>
  call(authorizeRoute, { method: 'POST', url: `${base(t)}/authorize`, params: { tenant: t.slug }, cookie, body });
const listMembers = (t: TestTenant, cookie: string) => call(listRoute, { url: `${base(t)}/members`, params: { tenant: t.slug }, cookie });

async function storedOverrides(t: TestTenant, mid: string) {
  const rows = await withTenant(t.id, (tx) =>
    tx
      .select({ permission: memberOverrides.permission, effect: memberOverrides.effect })
      .from(memberOverrides)
      .where(eq(memberOverrides.membershipId, mid)),
  );
  return rows.map((r) => `${r.effect}:${r.permission}`).sort();
}

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  for (const role of Object.keys(acme.users) as Array<keyof TestTenant['users']>) {
    ids[role] = await membershipId(acme, acme.users[role].id);
    otherIds[role] = await membershipId(other, other.users[role].id);
  }
  await withTenant(acme.id, async (tx) => {
    await tx
      .insert(systems)
      .values({ tenantId: acme.id, slug: 'lims', name: 'LIMS', permissions: ['lims:samples.read', 'lims:samples.approve'] });
    // No escalation holds for system keys too: the admin may grant lims:samples.read only because they hold it.
    await tx
      .insert(memberOverrides)
      .values({ tenantId: acme.id, membershipId: ids.admin, permission: 'lims:samples.read', effect: 'grant' });
  });
});

describe('PUT /members/{id}/overrides', () => {
  it('replaces grants and denies, audits before/after, and the permissions endpoint explains them', async () => {
    const m = await newMember(acme, ['viewer']);
    const res = await put(
      acme,
      m.membershipId,
      acme.users.admin.cookie,
      { grant: ['sites.manage', 'lims:samples.read'], deny: ['batches.read'] },
      `req-ov-${m.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ grant: ['lims:samples.read', 'sites.manage'], deny: ['batches.read'] });
    expect(await storedOverrides(acme, m.membershipId)).toEqual(['deny:batches.read', 'grant:lims:samples.read', 'grant:sites.manage']);
    const [event] = await withTenant(acme.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.requestId, `req-ov-${m.id}`)),
    );
    expect(event).toMatchObject({
      action: 'member.overrides_updated',
      actorId: acme.users.admin.id,
      targetType: 'member',
      targetId: m.membershipId,
      before: { grant: [], deny: [] },
      after: { grant: ['lims:samples.read', 'sites.manage'], deny: ['batches.read'] },
    });

    const perms = await permissions(acme, m.membershipId, acme.users.qa.cookie);
    expect(perms.status).toBe(200);
    const byKey = Object.fromEntries(perms.json.permissions.map((p: any) => [p.permission, p]));
    expect(byKey['batches.read']).toMatchObject({ allowed: false, decidedBy: 'deny', sources: [{ type: 'role', name: 'viewer' }] });
    expect(byKey['sites.manage']).toMatchObject({ allowed: true, decidedBy: 'grant', sources: [{ type: 'grant' }] });
    expect(byKey['sites.read']).toMatchObject({ allowed: true, decidedBy: 'role:viewer' });
    expect(byKey['lims:samples.read']).toMatchObject({ allowed: true, decidedBy: 'grant' });
    expect(byKey['members.read']).toBeUndefined();
    expect(perms.json.denies).toEqual(['batches.read']);
    expect(perms.json.overrides).toEqual({ grant: ['lims:samples.read', 'sites.manage'], deny: ['batches.read'] });

    // Replacing: a second PUT leaves exactly what it names.
    const cleared = await put(acme, m.membershipId, acme.users.admin.cookie, { grant: [], deny: ['serials.read'] });
    expect(cleared.status).toBe(200);
    expect(await storedOverrides(acme, m.membershipId)).toEqual(['deny:serials.read']);
  });

  it('shows team sources in the permissions endpoint', async () => {
    const m = await newMember(acme, []);
    const teamId = await withTenant(acme.id, async (tx) => {
      const [team] = await tx
        .insert(teams)
        .values({ tenantId: acme.id, name: `Night shift ${m.id.slice(0, 6)}` })
        .returning({ id: teams.id });
      await tx.insert(teamRoles).values({ tenantId: acme.id, teamId: team.id, roleId: acme.roleIds.operator });
      await tx.insert(teamMembers).values({ tenantId: acme.id, teamId: team.id, membershipId: m.membershipId });
      return team.id;
    });
    const perms = await permissions(acme, m.membershipId, acme.users.admin.cookie);
    const entry = perms.json.permissions.find((p: any) => p.permission === 'serials.update');
    expect(entry).toMatchObject({
      allowed: true,
      decidedBy: `team:Night shift ${m.id.slice(0, 6)}`,
      sources: [{ type: 'team', id: teamId, role: { id: acme.roleIds.operator, name: 'operator' } }],
    });
  });

  it('refuses roles without members.update, editing your own overrides, and granting what you do not hold (403, nothing written)', async () => {
    const m = await newMember(acme, ['viewer']);
    for (const role of ['qa', 'operator', 'viewer'] as const) {
      expect((await put(acme, m.membershipId, acme.users[role].cookie, { grant: [], deny: ['sites.read'] })).status).toBe(403);
    }
    // Own overrides: not even a deny.
    expect((await put(acme, ids.manager, acme.users.manager.cookie, { grant: [], deny: ['sites.read'] })).status).toBe(403);
    expect((await put(acme, ids.admin, acme.users.admin.cookie, { grant: ['tenant.delete'], deny: [] })).status).toBe(403);
    // Escalation: the manager lacks roles.manage; the admin lacks batches.release.
    const esc = await put(acme, m.membershipId, acme.users.manager.cookie, { grant: ['roles.manage'], deny: [] });
    expect(esc.status).toBe(403);
    expect(esc.json.detail).toMatch(/roles\.manage/);
    expect((await put(acme, m.membershipId, acme.users.admin.cookie, { grant: ['batches.release'], deny: [] })).status).toBe(403);
    expect((await put(acme, m.membershipId, acme.users.admin.cookie, { grant: ['lims:samples.approve'], deny: [] })).status).toBe(403);
    expect(await storedOverrides(acme, m.membershipId)).toEqual([]);
    // Denying what you do not hold is fine for a members.update holder.
    const deny = await put(acme, m.membershipId, acme.users.manager.cookie, { grant: [], deny: ['roles.manage', 'sites.read'] });
    expect(deny.status).toBe(200);
    expect(await storedOverrides(acme, m.membershipId)).toEqual(['deny:roles.manage', 'deny:sites.read']);
  });

  it('keeps an existing grant the editor does not hold when they only change denies', async () => {
    // An admin may appoint batches.release (so the member is within the admin's power) but not hold it: the
    // stored grant stays when the admin only changes denies.
    const m = await newMember(acme, ['viewer']);
    await withTenant(acme.id, (tx) =>
      tx
        .insert(memberOverrides)
        .values({ tenantId: acme.id, membershipId: m.membershipId, permission: 'batches.release', effect: 'grant' }),
    );
    const res = await put(acme, m.membershipId, acme.users.admin.cookie, { grant: ['batches.release'], deny: ['serials.read'] });
    expect(res.status).toBe(200);
    expect(await storedOverrides(acme, m.membershipId)).toEqual(['deny:serials.read', 'grant:batches.release']);
    // A manager may not touch that member at all: they hold batches.release, which a manager cannot grant.
    const manager = await put(acme, m.membershipId, acme.users.manager.cookie, { grant: [], deny: [] });
    expect(manager.status).toBe(403);
    expect(manager.json.detail).toMatch(/batches\.release/);
    expect(await storedOverrides(acme, m.membershipId)).toEqual(['deny:serials.read', 'grant:batches.release']);
  });

  it('rejects unknown keys, unregistered system keys, a key in both lists and malformed bodies (400 naming the field, nothing written)', async () => {
    const m = await newMember(acme, ['viewer']);
    const cases: Array<[unknown, string[]]> = [
      [{ grant: ['batches.fly'], deny: [] }, ['grant.0']],
      [{ grant: [], deny: ['sites.read', 'erp:orders.read'] }, ['deny.1']],
      [{ grant: ['lims:samples.delete'], deny: [] }, ['grant.0']],
      [{ grant: ['sites.manage'], deny: ['sites.manage'] }, ['deny.0']],
      [{ grant: ['not a key'], deny: [] }, ['grant.0']],
      [{ grant: [] }, ['deny']],
      [{ grant: [], deny: [], extra: true }, ['extra']],
      [{ grant: ['sites.read', 'sites.read'], deny: [] }, ['grant']],
    ];
    for (const [body, paths] of cases) {
      const res = await put(acme, m.membershipId, acme.users.admin.cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors.map((e: any) => e.path)).toEqual(paths);
    }
    expect(await storedOverrides(acme, m.membershipId)).toEqual([]);
    // The other tenant has no lims system: the same key is unknown there.
    const o = await put(other, otherIds.viewer, other.users.admin.cookie, { grant: [], deny: ['lims:samples.read'] });
    expect(o.status).toBe(400);
  });

  it('is 404 for another tenant’s member id on overrides and permissions', async () => {
    expect((await put(acme, otherIds.viewer, acme.users.admin.cookie, { grant: [], deny: ['sites.read'] })).status).toBe(404);
    expect(await storedOverrides(other, otherIds.viewer)).toEqual([]);
    expect((await permissions(acme, otherIds.viewer, acme.users.admin.cookie)).status).toBe(404);
    expect((await permissions(acme, ids.viewer, acme.users.operator.cookie)).status).toBe(403);
    expect((await permissions(acme, 'x', acme.users.admin.cookie)).status).toBe(400);
  });
});

describe('POST /authorize', () => {
  it('answers for yourself with the deciding role, and default_deny when nothing grants', async () => {
    const yes = await authorize(acme, acme.users.operator.cookie, { permission: 'batches.create' });
    expect(yes.status).toBe(200);
    expect(yes.json).toEqual({ allowed: true, reason: 'role:operator' });
    const no = await authorize(acme, acme.users.operator.cookie, { permission: 'batches.release' });
    expect(no.json).toEqual({ allowed: false, reason: 'default_deny' });
    // Unknown keys are simply not held.
    expect((await authorize(acme, acme.users.viewer.cookie, { permission: 'nothing.here' })).json).toEqual({
      allowed: false,
      reason: 'default_deny',
    });
    // Asking about yourself by id needs nothing more.
    expect((await authorize(acme, acme.users.viewer.cookie, { permission: 'sites.read', userId: acme.users.viewer.id })).json.allowed).toBe(
      true,
    );
  });

  it('asking about someone else needs members.read (403); a non-member or another tenant’s user is 404', async () => {
    const refused = await authorize(acme, acme.users.operator.cookie, { permission: 'sites.read', userId: acme.users.viewer.id });
    expect(refused.status).toBe(403);
    const ok = await authorize(acme, acme.users.qa.cookie, { permission: 'batches.release', userId: acme.users.viewer.id });
    expect(ok.json).toEqual({ allowed: false, reason: 'default_deny' });
    expect((await authorize(acme, acme.users.qa.cookie, { permission: 'sites.read', userId: other.users.viewer.id })).status).toBe(404);
    const loner = await createUserWithSession('loner');
    expect((await authorize(acme, acme.users.qa.cookie, { permission: 'sites.read', userId: loner.id })).status).toBe(404);
  });

  it('prefixes the system and explains grants and denies; deny beats grant', async () => {
    const m = await newMember(acme, ['qa']);
    await put(acme, m.membershipId, acme.users.admin.cookie, { grant: ['lims:samples.read'], deny: ['batches.read'] });
    const sys = await authorize(acme, m.cookie, { permission: 'samples.read', system: 'lims' });
    expect(sys.json).toEqual({ allowed: true, reason: 'grant' });
    expect((await authorize(acme, m.cookie, { permission: 'samples.approve', system: 'lims' })).json).toEqual({
      allowed: false,
      reason: 'default_deny',
    });
    // qa gives batches.read, the explicit deny takes it away.
    expect((await authorize(acme, m.cookie, { permission: 'batches.read' })).json).toEqual({ allowed: false, reason: 'deny' });
  });

  it('rejects bad input with 400 naming the field', async () => {
    for (const [body, path] of [
      [{}, 'permission'],
      [{ permission: 'sites.read', userId: 'nope' }, 'userId'],
      [{ permission: 'sites.read', system: 'Bad Slug' }, 'system'],
      [{ permission: 'sites.read', extra: 1 }, 'extra'],
    ] as const) {
      const res = await authorize(acme, acme.users.viewer.cookie, body);
      expect(res.status).toBe(400);
      expect(res.json.errors[0].path).toBe(path);
    }
    expect((await authorize(acme, '', { permission: 'sites.read' })).status).toBe(401);
    expect((await authorize(other, acme.users.admin.cookie, { permission: 'sites.read' })).status).toBe(404);
  });
});

describe('a permission change takes effect on the very next request', () => {
  it('role change, then grant, then deny: each next call of the member follows', async () => {
    const m = await newMember(acme, ['viewer'], 'next-request');
    expect((await listMembers(acme, m.cookie)).status).toBe(403);
    // Role change → allowed on the next request.
    const promote = await call(PATCH, {
      method: 'PATCH',
      url: `${base(acme)}/members/${m.membershipId}`,
      params: { tenant: acme.slug, id: m.membershipId },
      cookie: acme.users.admin.cookie,
      body: { roles: [acme.roleIds.manager] },
    });
    expect(promote.status).toBe(200);
    expect((await listMembers(acme, m.cookie)).status).toBe(200);
    // Explicit deny beats the role's grant → refused on the next request.
    expect((await put(acme, m.membershipId, acme.users.admin.cookie, { grant: [], deny: ['members.read'] })).status).toBe(200);
    const denied = await listMembers(acme, m.cookie);
    expect(denied.status).toBe(403);
    expect((await authorize(acme, m.cookie, { permission: 'members.read' })).json).toEqual({ allowed: false, reason: 'deny' });
    // Lifting the deny and demoting, then a direct grant → allowed again through the grant.
    await put(acme, m.membershipId, acme.users.admin.cookie, { grant: [], deny: [] });
    expect((await listMembers(acme, m.cookie)).status).toBe(200);
    await call(PATCH, {
      method: 'PATCH',
      url: `${base(acme)}/members/${m.membershipId}`,
      params: { tenant: acme.slug, id: m.membershipId },
      cookie: acme.users.admin.cookie,
      body: { roles: [acme.roleIds.viewer] },
    });
    expect((await listMembers(acme, m.cookie)).status).toBe(403);
    await put(acme, m.membershipId, acme.users.admin.cookie, { grant: ['members.read'], deny: [] });
    expect((await listMembers(acme, m.cookie)).status).toBe(200);
    expect((await authorize(acme, m.cookie, { permission: 'members.read' })).json).toEqual({ allowed: true, reason: 'grant' });
  });
});
