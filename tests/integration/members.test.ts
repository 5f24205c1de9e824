import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELETE } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { getDb } from '@/db/client';
import { auditEvents, memberOverrides, memberRoles, memberships, teamMembers, teamRoles, teams, users } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant } from '../support/fixtures';
import { getMember as get, listMembers as list, membershipId, newMember, patchMember as patch } from '../support/members';

let acme: TestTenant;
let other: TestTenant;
const ids: Record<string, string> = {};
const otherIds: Record<string, string> = {};

async function createTeam(t: TestTenant, name: string, roleNames: string[]) {
  return withTenant(t.id, async (tx) => {
    const [team] = await tx.insert(teams).values({ tenantId: t.id, name }).returning({ id: teams.id });
    if (roleNames.length)
      await tx.insert(teamRoles).values(roleNames.map((r) => ({ tenantId: t.id, teamId: team.id, roleId: t.roleIds[r] })));
    return team.id;
  });
}

const base = (slug: string) => `http://localhost/api/v1/tenants/${slug}/members`;
const remove = (t: TestTenant, id: string, cookie: string, requestId?: string) =>
  call(DELETE, {
    method: 'DELETE',
    url: `${base(t.slug)}/${id}`,
    params: { tenant: t.slug, id },
    cookie,
    headers: requestId ? { 'x-request-id': requestId } : {},
  });

async function auditByRequest(t: TestTenant, requestId: string) {
  return withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)));
}

async function directRoleIds(t: TestTenant, mid: string) {
  const rows = await withTenant(t.id, (tx) =>
    tx.select({ id: memberRoles.roleId }).from(memberRoles).where(eq(memberRoles.membershipId, mid)),
  );
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  for (const role of Object.keys(acme.users) as Array<keyof TestTenant['users']>) {
    ids[role] = await membershipId(acme, acme.users[role].id);
    otherIds[role] = await membershipId(other, other.users[role].id);
  }
  const db = await getDb();
  await db
    .update(users)
    .set({ lastSignInAt: new Date('2026-01-02T03:04:05Z') })
    .where(eq(users.id, acme.users.qa.id));
});

describe('GET /members', () => {
  it('lists the members with user, roles, teams, last sign-in and join time for members.read holders', async () => {
    const res = await list(acme, acme.users.manager.cookie);
    expect(res.status).toBe(200);
    expect(res.json.nextCursor).toBeNull();
    expect(res.json.data).toHaveLength(5);
    const qa = res.json.data.find((m: any) => m.id === ids.qa);
    expect(qa).toMatchObject({
      user: { id: acme.users.qa.id, name: acme.users.qa.name, email: acme.users.qa.email, image: null },
      roles: [{ id: acme.roleIds.qa, name: 'qa' }],
      teams: [],
      status: 'active',
      lastSignInAt: '2026-01-02T03:04:05.000Z',
    });
    expect(qa.joinedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Another tenant's members never show.
    expect(res.json.data.map((m: any) => m.id)).not.toContain(otherIds.qa);
  });

  it('refuses roles without members.read (403)', async () => {
    const res = await list(acme, acme.users.operator.cookie);
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
  });

  it('filters by q (name or email) and by role (name or id, direct or through a team)', async () => {
    const byEmail = await list(acme, acme.users.admin.cookie, `?q=${encodeURIComponent(acme.users.operator.email.toUpperCase())}`);
    expect(byEmail.json.data.map((m: any) => m.id)).toEqual([ids.operator]);
    const byRole = await list(acme, acme.users.admin.cookie, '?role=viewer');
    expect(byRole.json.data.map((m: any) => m.id)).toEqual([ids.viewer]);
    const byRoleId = await list(acme, acme.users.admin.cookie, `?role=${acme.roleIds.qa}`);
    expect(byRoleId.json.data.map((m: any) => m.id)).toEqual([ids.qa]);
    const t = await createTenantWithMembers();
    const teamId = await createTeam(t, 'Night shift', ['viewer']);
    const op = await membershipId(t, t.users.operator.id);
    await withTenant(t.id, (tx) => tx.insert(teamMembers).values({ tenantId: t.id, teamId, membershipId: op }));
    const viaTeam = await list(t, t.users.admin.cookie, '?role=viewer');
    expect(viaTeam.json.data.map((m: any) => m.id).sort()).toEqual([op, await membershipId(t, t.users.viewer.id)].sort());
    expect(viaTeam.json.data.find((m: any) => m.id === op).teams).toEqual([{ id: teamId, name: 'Night shift' }]);
    const none = await list(acme, acme.users.admin.cookie, '?q=%25_nobody');
    expect(none.json.data).toEqual([]);
  });

  it('pages with limit and cursor, every member once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await list(acme, acme.users.admin.cookie, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.data.map((m: any) => m.id));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(Object.values(ids).sort());
  });

  it('rejects a bad limit or cursor with 400 naming the field', async () => {
    const bad = await list(acme, acme.users.admin.cookie, '?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.limit');
    const cursor = await list(acme, acme.users.admin.cookie, '?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.json.errors[0].path).toBe('query.cursor');
    const unknown = await list(acme, acme.users.admin.cookie, '?sort=age');
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe('query.sort');
    // A cursor of one order is refused by the other.
    const first = await list(acme, acme.users.admin.cookie, '?limit=1');
    const mixed = await list(acme, acme.users.admin.cookie, `?limit=1&sort=name&cursor=${first.json.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.json.errors[0].path).toBe('query.cursor');
  });

  it('orders by name A–Z across pages, every member once', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await list(acme, acme.users.admin.cookie, `?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      names.push(...res.json.data.map((m: any) => m.user.name));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(names).toHaveLength(Object.keys(ids).length);
    expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
  });
});

describe('GET /members/{id}', () => {
  it('answers one member; another tenant’s id, an unknown id and a malformed id are 404/404/400', async () => {
    const res = await get(acme, ids.viewer, acme.users.viewer.cookie);
    expect(res.status).toBe(403);
    const ok = await get(acme, ids.viewer, acme.users.qa.cookie);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ id: ids.viewer, roles: [{ name: 'viewer' }] });
    expect((await get(acme, otherIds.viewer, acme.users.admin.cookie)).status).toBe(404);
    expect((await get(acme, '00000000-0000-4000-8000-000000000000', acme.users.admin.cookie)).status).toBe(404);
    const malformed = await get(acme, 'nope', acme.users.admin.cookie);
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].path).toBe('params.id');
  });

  it('does not show the caller’s own membership of another tenant', async () => {
    // The memberships policy lets a user see their own memberships elsewhere; the API must not.
    const both = await createUserWithSession('both');
    await withTenant(acme.id, (tx) => addMember(tx, { tenantId: acme.id, userId: both.id, roleIds: [acme.roleIds.admin] }));
    const { membershipId: elsewhere } = await withTenant(other.id, (tx) =>
      addMember(tx, { tenantId: other.id, userId: both.id, roleIds: [other.roleIds.viewer] }),
    );
    const res = await get(acme, elsewhere, both.cookie);
    expect(res.status).toBe(404);
    expect((await patch(acme, elsewhere, both.cookie, { roles: [acme.roleIds.viewer] })).status).toBe(404);
    expect((await remove(acme, elsewhere, both.cookie)).status).toBe(404);
  });
});

describe('PATCH /members/{id}', () => {
  it('replaces roles and teams and audits before/after by name', async () => {
    const m = await newMember(acme, ['viewer']);
    const teamId = await createTeam(acme, `Night shift ${m.id.slice(0, 6)}`, ['operator']);
    const res = await patch(
      acme,
      m.membershipId,
      acme.users.admin.cookie,
      { roles: [acme.roleIds.manager], teamIds: [teamId] },
      `req-patch-${m.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.json.roles).toEqual([{ id: acme.roleIds.manager, name: 'manager' }]);
    expect(res.json.teams).toEqual([{ id: teamId, name: `Night shift ${m.id.slice(0, 6)}` }]);
    expect(await directRoleIds(acme, m.membershipId)).toEqual([acme.roleIds.manager]);
    const [event] = await auditByRequest(acme, `req-patch-${m.id}`);
    expect(event).toMatchObject({
      action: 'member.updated',
      actorId: acme.users.admin.id,
      targetType: 'member',
      targetId: m.membershipId,
      before: { roles: ['viewer'], teams: [] },
      after: { roles: ['manager'], teams: [`Night shift ${m.id.slice(0, 6)}`] },
    });
    // Only teams: roles stay.
    const teamsOnly = await patch(acme, m.membershipId, acme.users.admin.cookie, { teamIds: [] });
    expect(teamsOnly.status).toBe(200);
    expect(teamsOnly.json.roles.map((r: any) => r.name)).toEqual(['manager']);
    expect(teamsOnly.json.teams).toEqual([]);
  });

  it('refuses roles without members.update (403) and writes nothing', async () => {
    const m = await newMember(acme, ['viewer']);
    for (const role of ['qa', 'operator', 'viewer'] as const) {
      const res = await patch(acme, m.membershipId, acme.users[role].cookie, { roles: [acme.roleIds.operator] });
      expect(res.status).toBe(403);
    }
    expect(await directRoleIds(acme, m.membershipId)).toEqual([acme.roleIds.viewer]);
  });

  it('refuses changing your own roles or teams (403)', async () => {
    const res = await patch(acme, ids.manager, acme.users.manager.cookie, { roles: [acme.roleIds.manager, acme.roleIds.viewer] });
    expect(res.status).toBe(403);
    expect((await patch(acme, ids.admin, acme.users.admin.cookie, { teamIds: [] })).status).toBe(403);
    expect(await directRoleIds(acme, ids.manager)).toEqual([acme.roleIds.manager]);
  });

  it('refuses escalation: a role or team carrying a permission the actor lacks (403), nothing written', async () => {
    const m = await newMember(acme, [], 'no-role');
    // manager lacks roles.manage, tenant.update… that admin carries
    const res = await patch(acme, m.membershipId, acme.users.manager.cookie, { roles: [acme.roleIds.admin] });
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/roles\.manage/);
    // qa carries batches.release and inspections.approve, which a manager lacks (and has no roles.manage)
    expect((await patch(acme, m.membershipId, acme.users.manager.cookie, { roles: [acme.roleIds.qa] })).status).toBe(403);
    const qaTeam = await createTeam(acme, `QA team ${m.id.slice(0, 6)}`, ['qa']);
    expect((await patch(acme, m.membershipId, acme.users.manager.cookie, { teamIds: [qaTeam] })).status).toBe(403);
    // manager lacks serials.update and inspections.perform, which operator carries
    expect((await patch(acme, ids.viewer, acme.users.manager.cookie, { roles: [acme.roleIds.operator] })).status).toBe(403);
    expect(await directRoleIds(acme, m.membershipId)).toEqual([]);
    expect(await directRoleIds(acme, ids.viewer)).toEqual([acme.roleIds.viewer]);
    // What the manager holds, the manager may assign.
    const ok = await patch(acme, m.membershipId, acme.users.manager.cookie, { roles: [acme.roleIds.viewer] });
    expect(ok.status).toBe(200);
    expect(await directRoleIds(acme, m.membershipId)).toEqual([acme.roleIds.viewer]);
  });

  it('lets an admin appoint QA people, whose quality decisions the admin does not hold (segregation of duties)', async () => {
    const m = await newMember(acme, ['viewer']);
    const res = await patch(acme, m.membershipId, acme.users.admin.cookie, { roles: [acme.roleIds.qa] });
    expect(res.status).toBe(200);
    expect(await directRoleIds(acme, m.membershipId)).toEqual([acme.roleIds.qa]);
    // …but never to themselves: their own roles are not theirs to change.
    expect((await patch(acme, ids.admin, acme.users.admin.cookie, { roles: [acme.roleIds.admin, acme.roleIds.qa] })).status).toBe(403);
  });

  it('rejects unknown or another tenant’s role and team ids (400 naming the field) and writes nothing', async () => {
    const m = await newMember(acme, ['viewer']);
    const otherTeam = await createTeam(other, `Other team ${m.id.slice(0, 6)}`, []);
    const res = await patch(acme, m.membershipId, acme.users.admin.cookie, {
      roles: [acme.roleIds.operator, other.roleIds.viewer],
      teamIds: [otherTeam],
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['roles.1', 'teamIds.0']);
    for (const body of [{}, { roles: ['x'] }, { roles: [acme.roleIds.viewer, acme.roleIds.viewer] }, { roles: [], extra: 1 }]) {
      const bad = await patch(acme, m.membershipId, acme.users.admin.cookie, body);
      expect(bad.status).toBe(400);
      expect(bad.json.errors.length).toBeGreaterThan(0);
    }
    const notArray = await patch(acme, m.membershipId, acme.users.admin.cookie, { roles: 'admin' });
    expect(notArray.json.errors[0].path).toBe('roles');
    expect(await directRoleIds(acme, m.membershipId)).toEqual([acme.roleIds.viewer]);
  });

  it('is 404 for another tenant’s member id', async () => {
    const res = await patch(acme, otherIds.viewer, acme.users.admin.cookie, { roles: [acme.roleIds.operator] });
    expect(res.status).toBe(404);
    expect(await directRoleIds(other, otherIds.viewer)).toEqual([other.roleIds.viewer]);
  });

  it('keeps the last admin: once one of two admins demoted the other, nobody may demote the one left', async () => {
    const t = await createTenantWithMembers();
    const admin = await membershipId(t, t.users.admin.id);
    const second = await newMember(t, ['admin'], 'second-admin');
    // Two admins: the second may demote the first…
    const demote = await patch(t, admin, second.cookie, { roles: [t.roleIds.manager] });
    expect(demote.status).toBe(200);
    // …but then the second, now the last admin, cannot be demoted: managers (the first among them) may not touch an
    // admin (403, beyond their power), nor may the second themselves. The 409 paths: manage-within-power.test.ts.
    for (const cookie of [t.users.manager.cookie, t.users.admin.cookie, second.cookie]) {
      const res = await patch(t, second.membershipId, cookie, { roles: [t.roleIds.viewer] });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('forbidden');
    }
    expect(await directRoleIds(t, second.membershipId)).toEqual([t.roleIds.admin]);
  });

  it('two admins demoting each other at once: exactly one wins', async () => {
    const t = await createTenantWithMembers();
    const first = { cookie: t.users.admin.cookie, membershipId: await membershipId(t, t.users.admin.id) };
    const second = await newMember(t, ['admin'], 'rival-admin');
    const [a, b] = await Promise.all([
      patch(t, second.membershipId, first.cookie, { roles: [t.roleIds.viewer] }),
      patch(t, first.membershipId, second.cookie, { roles: [t.roleIds.viewer] }),
    ]);
    // Concurrent (PostgreSQL): the loser waits on the admin-role lock, then sees it is the last admin (409).
    // Serialized (PGlite's one connection): the loser is already a viewer without members.update (403).
    const [win, lose] = [a.status, b.status].sort();
    expect(win).toBe(200);
    expect([403, 409]).toContain(lose);
    const admins = (await list(t, a.status === 200 ? first.cookie : second.cookie, '?role=admin')).json.data;
    expect(admins).toHaveLength(1);
  });
});

describe('DELETE /members/{id}', () => {
  it('marks the membership removed, drops roles, teams and overrides, audits, and ends access', async () => {
    const m = await newMember(acme, ['operator'], 'leaver');
    const teamId = await createTeam(acme, `Leavers ${m.id.slice(0, 6)}`, ['viewer']);
    await withTenant(acme.id, async (tx) => {
      await tx.insert(teamMembers).values({ tenantId: acme.id, teamId, membershipId: m.membershipId });
      await tx
        .insert(memberOverrides)
        .values({ tenantId: acme.id, membershipId: m.membershipId, permission: 'serials.update', effect: 'deny' });
    });
    expect((await remove(acme, m.membershipId, acme.users.manager.cookie)).status).toBe(403); // manager lacks members.remove
    const res = await remove(acme, m.membershipId, acme.users.admin.cookie, `req-remove-${m.id}`);
    expect(res.status).toBe(204);
    const state = await withTenant(acme.id, async (tx) => ({
      membership: (await tx.select().from(memberships).where(eq(memberships.id, m.membershipId)))[0],
      roles: await tx.select().from(memberRoles).where(eq(memberRoles.membershipId, m.membershipId)),
      teams: await tx.select().from(teamMembers).where(eq(teamMembers.membershipId, m.membershipId)),
      overrides: await tx.select().from(memberOverrides).where(eq(memberOverrides.membershipId, m.membershipId)),
    }));
    expect(state.membership.status).toBe('removed');
    expect(state.roles).toEqual([]);
    expect(state.teams).toEqual([]);
    expect(state.overrides).toEqual([]);
    const [event] = await auditByRequest(acme, `req-remove-${m.id}`);
    expect(event).toMatchObject({
      action: 'member.removed',
      targetId: m.membershipId,
      before: {
        status: 'active',
        roles: ['operator'],
        teams: [`Leavers ${m.id.slice(0, 6)}`],
        overrides: { grant: [], deny: ['serials.update'] },
      },
      after: { status: 'removed', roles: [], teams: [], overrides: { grant: [], deny: [] } },
    });
    // Gone from the list and the detail; the removed person no longer reaches the tenant.
    expect((await get(acme, m.membershipId, acme.users.admin.cookie)).status).toBe(404);
    expect((await list(acme, acme.users.admin.cookie)).json.data.map((x: any) => x.id)).not.toContain(m.membershipId);
    expect((await remove(acme, m.membershipId, acme.users.admin.cookie)).status).toBe(404);
  });

  it('refuses to remove the last admin (409) and another tenant’s member (404)', async () => {
    const t = await createTenantWithMembers();
    const admin = await membershipId(t, t.users.admin.id);
    const res = await remove(t, admin, t.users.admin.cookie);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('conflict');
    const rows = await withTenant(t.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, admin)));
    expect(rows[0].status).toBe('active');
    expect((await remove(acme, otherIds.viewer, acme.users.admin.cookie)).status).toBe(404);
    const still = await withTenant(other.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, otherIds.viewer)));
    expect(still[0].status).toBe('active');
  });
});
