import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUT as putMembers, GET as getMembers } from '@/app/api/v1/tenants/[tenant]/teams/[id]/members/route';
import { DELETE, GET as getTeam, PATCH } from '@/app/api/v1/tenants/[tenant]/teams/[id]/route';
import { GET as listTeams, POST } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { DELETE as deleteRole } from '@/app/api/v1/tenants/[tenant]/roles/[id]/route';
import { GET as getTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { auditEvents, memberships, teamMembers, teams } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

let acme: TestTenant;
let other: TestTenant;
const membershipOf: Record<string, string> = {};

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  await withTenant(acme.id, async (tx) => {
    for (const [role, user] of Object.entries(acme.users)) {
      const [m] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, user.id));
      membershipOf[role] = m.id;
    }
  });
});

const base = (slug: string) => `http://localhost/api/v1/tenants/${slug}/teams`;
const teamCount = (tenantId: string) => withTenant(tenantId, async (tx) => (await tx.select({ n: count() }).from(teams))[0].n);
const auditOf = (tenantId: string, requestId: string) =>
  withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)));

async function create(t: TestTenant, body: unknown, cookie = t.users.admin.cookie, headers: Record<string, string> = {}) {
  return call(POST, { method: 'POST', url: base(t.slug), params: { tenant: t.slug }, cookie, headers, body });
}

describe('POST /teams', () => {
  it('lets a manager create a team with roles they can grant (201), audited', async () => {
    const requestId = `team-create-${unique()}`;
    const name = `Packaging ${unique()}`;
    const res = await create(acme, { name, roleIds: [acme.roleIds.viewer] }, acme.users.manager.cookie, { 'x-request-id': requestId });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name, roles: [{ id: acme.roleIds.viewer, name: 'viewer' }], members: [], memberCount: 0 });
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({
      action: 'team.created',
      targetType: 'team',
      targetId: res.json.id,
      before: null,
      after: { name, roles: ['viewer'] },
    });
  });

  it('refuses a role without teams.manage (403) and bad input (400 naming fields), writing nothing', async () => {
    const before = await teamCount(acme.id);
    expect((await create(acme, { name: `x-${unique()}` }, acme.users.qa.cookie)).status).toBe(403);
    const bad = await create(acme, { name: 'x', roleIds: [''], colour: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['name', 'roleIds.0', 'colour']));
    const foreignRole = await create(acme, { name: `x-${unique()}`, roleIds: [other.roleIds.viewer] });
    expect(foreignRole.status).toBe(400);
    expect(foreignRole.json.errors).toEqual([{ path: 'roleIds.0', message: expect.any(String) }]);
    expect(await teamCount(acme.id)).toBe(before);
  });

  it('refuses escalation: a manager cannot attach the admin role to a team', async () => {
    const before = await teamCount(acme.id);
    const res = await create(acme, { name: `admins-${unique()}`, roleIds: [acme.roleIds.admin] }, acme.users.manager.cookie);
    expect(res.status).toBe(403);
    expect(res.json.detail).toContain('tenant.delete');
    expect(await teamCount(acme.id)).toBe(before);
  });

  it('refuses a duplicate name (409)', async () => {
    const name = `dup-${unique()}`;
    expect((await create(acme, { name })).status).toBe(201);
    expect((await create(acme, { name: name.toUpperCase() })).status).toBe(409);
  });
});

describe('team members and roles', () => {
  it("gives members the team's roles on their next request, and takes them away when removed", async () => {
    const t = await createTenantWithMembers();
    const [viewerMembership] = await withTenant(t.id, (tx) =>
      tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, t.users.viewer.id)),
    );
    const tenantUrl = `http://localhost/api/v1/tenants/${t.slug}`;
    const readTenant = () => call(getTenant, { url: tenantUrl, params: { tenant: t.slug }, cookie: t.users.viewer.cookie });
    expect((await readTenant()).status).toBe(403);
    const team = await create(t, { name: 'Leads', roleIds: [t.roleIds.manager] });
    expect(team.status).toBe(201);
    const requestId = `team-members-${unique()}`;
    const put = await call(putMembers, {
      method: 'PUT',
      url: `${base(t.slug)}/${team.json.id}/members`,
      params: { tenant: t.slug, id: team.json.id },
      cookie: t.users.admin.cookie,
      headers: { 'x-request-id': requestId },
      body: { membershipIds: [viewerMembership.id] },
    });
    expect(put.status).toBe(200);
    expect(put.json.data).toEqual([
      { membershipId: viewerMembership.id, user: { id: t.users.viewer.id, name: t.users.viewer.name, email: t.users.viewer.email } },
    ]);
    const [event] = await auditOf(t.id, requestId);
    expect(event).toMatchObject({ action: 'team.members_updated', before: { members: [] }, after: { members: [viewerMembership.id] } });
    expect((await readTenant()).status).toBe(200); // manager has tenant.read, via the team
    // A role held by a team is in use.
    const del = await call(deleteRole, {
      method: 'DELETE',
      url: `http://localhost/api/v1/tenants/${t.slug}/roles/${t.roleIds.manager}`,
      params: { tenant: t.slug, id: t.roleIds.manager },
      cookie: t.users.admin.cookie,
    });
    expect(del.status).toBe(409);
    // Dropping the team's roles takes the permission away on the next request.
    const patch = await call(PATCH, {
      method: 'PATCH',
      url: `${base(t.slug)}/${team.json.id}`,
      params: { tenant: t.slug, id: team.json.id },
      cookie: t.users.admin.cookie,
      body: { roleIds: [] },
    });
    expect(patch.status).toBe(200);
    expect((await readTenant()).status).toBe(403);
  });

  it('refuses escalation through membership: a manager cannot join a team that holds the admin role', async () => {
    const adminsTeam = await create(acme, { name: `admins-${unique()}`, roleIds: [acme.roleIds.admin] });
    expect(adminsTeam.status).toBe(201);
    const res = await call(putMembers, {
      method: 'PUT',
      url: `${base(acme.slug)}/${adminsTeam.json.id}/members`,
      params: { tenant: acme.slug, id: adminsTeam.json.id },
      cookie: acme.users.manager.cookie,
      body: { membershipIds: [membershipOf.manager] },
    });
    expect(res.status).toBe(403);
    const rows = await withTenant(acme.id, (tx) => tx.select().from(teamMembers).where(eq(teamMembers.teamId, adminsTeam.json.id)));
    expect(rows).toHaveLength(0);
  });

  it('answers 400 for unknown or foreign memberships and 404 for a foreign team', async () => {
    const team = await create(acme, { name: `ops-${unique()}` });
    const [foreignMembership] = await withTenant(other.id, (tx) => tx.select({ id: memberships.id }).from(memberships).limit(1));
    const bad = await call(putMembers, {
      method: 'PUT',
      url: `${base(acme.slug)}/${team.json.id}/members`,
      params: { tenant: acme.slug, id: team.json.id },
      cookie: acme.users.admin.cookie,
      body: { membershipIds: [membershipOf.qa, foreignMembership.id] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ path: 'membershipIds.1', message: expect.any(String) }]);
    const list = await call(getMembers, {
      url: `${base(acme.slug)}/${team.json.id}/members`,
      params: { tenant: acme.slug, id: team.json.id },
      cookie: acme.users.viewer.cookie,
    });
    expect(list.status).toBe(403); // viewer lacks teams.read
    const ok = await call(getMembers, {
      url: `${base(acme.slug)}/${team.json.id}/members`,
      params: { tenant: acme.slug, id: team.json.id },
      cookie: acme.users.qa.cookie,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.data).toEqual([]);
    const foreign = await call(getMembers, {
      url: `${base(other.slug)}/${team.json.id}/members`,
      params: { tenant: other.slug, id: team.json.id },
      cookie: other.users.admin.cookie,
    });
    expect(foreign.status).toBe(404);
  });
});

describe('GET/PATCH/DELETE /teams/{id}', () => {
  it('lists teams for teams.read holders with cursor pagination', async () => {
    const t = await createTenantWithMembers();
    for (const name of ['Alpha', 'Bravo', 'Charlie']) expect((await create(t, { name })).status).toBe(201);
    const first = await call(listTeams, { url: `${base(t.slug)}?limit=2`, params: { tenant: t.slug }, cookie: t.users.qa.cookie });
    expect(first.status).toBe(200);
    expect(first.json.data.map((x: { name: string }) => x.name)).toEqual(['Alpha', 'Bravo']);
    const second = await call(listTeams, {
      url: `${base(t.slug)}?limit=2&cursor=${first.json.nextCursor}`,
      params: { tenant: t.slug },
      cookie: t.users.qa.cookie,
    });
    expect(second.json).toMatchObject({ data: [{ name: 'Charlie' }], nextCursor: null });
    expect((await call(listTeams, { url: base(t.slug), params: { tenant: t.slug }, cookie: t.users.operator.cookie })).status).toBe(403);
  });

  it('renames (audited before/after), refuses foreign ids (404) and bad input (400), deletes (204)', async () => {
    const team = await create(acme, { name: `rename-me-${unique()}` });
    const id = team.json.id as string;
    const url = `${base(acme.slug)}/${id}`;
    const requestId = `team-patch-${unique()}`;
    const renamed = await call(PATCH, {
      method: 'PATCH',
      url,
      params: { tenant: acme.slug, id },
      cookie: acme.users.manager.cookie,
      headers: { 'x-request-id': requestId },
      body: { name: `renamed-${unique()}`, description: 'Night shift' },
    });
    expect(renamed.status).toBe(200);
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({
      action: 'team.updated',
      before: { name: team.json.name, description: null },
      after: { name: renamed.json.name, description: 'Night shift' },
    });
    const bad = await call(PATCH, {
      method: 'PATCH',
      url,
      params: { tenant: acme.slug, id },
      cookie: acme.users.admin.cookie,
      body: { name: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('name');
    expect((await call(getTeam, { url, params: { tenant: acme.slug, id }, cookie: acme.users.admin.cookie })).json.name).toBe(
      renamed.json.name,
    );
    expect((await call(getTeam, { url, params: { tenant: other.slug, id }, cookie: other.users.admin.cookie })).status).toBe(404);
    expect(
      (await call(DELETE, { method: 'DELETE', url, params: { tenant: other.slug, id }, cookie: other.users.admin.cookie })).status,
    ).toBe(404);
    expect((await call(DELETE, { method: 'DELETE', url, params: { tenant: acme.slug, id }, cookie: acme.users.qa.cookie })).status).toBe(
      403,
    );
    const delId = `team-del-${unique()}`;
    const del = await call(DELETE, {
      method: 'DELETE',
      url,
      params: { tenant: acme.slug, id },
      cookie: acme.users.admin.cookie,
      headers: { 'x-request-id': delId },
    });
    expect(del.status).toBe(204);
    const [gone] = await auditOf(acme.id, delId);
    expect(gone).toMatchObject({ action: 'team.deleted', targetId: id, after: null, before: { name: renamed.json.name } });
    expect((await call(getTeam, { url, params: { tenant: acme.slug, id }, cookie: acme.users.admin.cookie })).status).toBe(404);
  });
});

describe('GET /teams?sort=&q=', () => {
  // Five teams with set creation times: two created in the same microsecond (tie broken by id), two a microsecond apart.
  const spec = [
    { name: 'Delta', createdAt: '2030-01-01T10:00:00.000001Z' },
    { name: 'Echo', createdAt: '2030-01-01T10:00:00.000002Z' },
    { name: 'Alpha', createdAt: '2030-01-01T11:00:00.000000Z' },
    { name: 'Charlie', createdAt: '2030-01-01T11:00:00.000000Z' },
    { name: 'Bravo', createdAt: '2030-01-01T09:00:00.000000Z' },
  ];
  type Row = (typeof spec)[number] & { id: string };
  let t: TestTenant;
  let rows: Row[];

  beforeAll(async () => {
    t = await createTenantWithMembers();
    rows = [];
    for (const s of spec) {
      const res = await create(t, { name: s.name });
      expect(res.status).toBe(201);
      rows.push({ ...s, id: res.json.id });
    }
    await withTenant(t.id, async (tx) => {
      for (const r of rows) await tx.execute(sql`update teams set created_at = ${r.createdAt}::timestamptz where id = ${r.id}`);
    });
  });

  const list = (query: string) =>
    call(listTeams, { url: `${base(t.slug)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });

  /** Every page of one order, one team per page so that every row is a cursor once. */
  async function walk(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res = await list(`limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      ids.push(...res.json.data.map((x: { id: string }) => x.id));
      cursor = res.json.nextCursor;
      if (!cursor) break;
    }
    return ids;
  }

  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const expected: Record<string, (a: Row, b: Row) => number> = {
    name: (a, b) => cmp(a.name, b.name),
    created: (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  };

  it('returns each allowed order, and pages through it with the cursor giving every team exactly once', async () => {
    for (const [sort, order] of Object.entries(expected)) {
      const want = [...rows].sort(order).map((r) => r.id);
      const all = await list(`limit=200&sort=${sort}`);
      expect(all.status).toBe(200);
      expect(
        all.json.data.map((x: { id: string }) => x.id),
        sort,
      ).toEqual(want);
      expect(await walk(`sort=${sort}`), sort).toEqual(want);
    }
    // No sort is `name`, A–Z.
    expect((await list('limit=200')).json.data.map((x: { name: string }) => x.name)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
      'Echo',
    ]);
  });

  it('filters by part of the name (case-insensitive, % and _ literal), in either order and across pages', async () => {
    const names = async (query: string) => (await list(query)).json.data.map((x: { name: string }) => x.name);
    expect(await names('q=HA')).toEqual(['Alpha', 'Charlie']);
    expect(await names('q=ha&sort=created')).toEqual(
      rows
        .filter((r) => /ha/i.test(r.name))
        .sort(expected.created)
        .map((r) => r.name),
    );
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    expect((await walk('q=a&sort=created')).map((id) => byId.get(id))).toEqual(
      rows
        .filter((r) => /a/i.test(r.name))
        .sort(expected.created)
        .map((r) => r.name),
    );
    expect(await names('q=a_p')).toEqual([]);
    expect(await names('q=%25')).toEqual([]);
    expect(await names('q=zulu')).toEqual([]);
  });

  it('is 400 naming query.sort for an unknown order, and query.cursor for a cursor of another order', async () => {
    for (const bad of ['members', 'NAME', '']) {
      const res = await list(`sort=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors[0].path).toBe('query.sort');
    }
    const first = await list('limit=1&sort=created');
    const mixed = await list(`limit=1&sort=name&cursor=${first.json.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.json.errors[0].path).toBe('query.cursor');
  });
});
