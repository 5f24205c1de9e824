import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listInvitationsRoute, POST as inviteRoute } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { POST as resendRoute } from '@/app/api/v1/tenants/[tenant]/invitations/[id]/resend/route';
import { GET as listTenantsRoute } from '@/app/api/v1/admin/tenants/route';
import { GET as listMembersRoute } from '@/app/api/v1/tenants/[tenant]/members/route';
import { GET as listApiKeysRoute, POST as createApiKeyRoute } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import { GET as listTeamsRoute, POST as createTeamRoute } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { GET as listSystemsRoute, POST as createSystemRoute } from '@/app/api/v1/tenants/[tenant]/systems/route';
import { getDb } from '@/db/client';
import { addMember, provisionTenant } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser, unique } from '../support/fixtures';

/**
 * Server sort of the invitations list, the platform's tenant list, and the members, API keys, teams and systems lists
 * (issue 16): each `sort` really orders (ties by id
 * in the same direction), `dir` turns it round and left out is the order's own direction, paging through an order
 * returns every row once and in the same order as one page, a bad `sort`/`dir` or another order's cursor is 400 naming
 * the field, the permission and the tenant are still checked, and another tenant's rows never appear.
 */
type Res = { status: number; json: any };
type Row = { id: string; [key: string]: any };

const ok = (res: Res) => {
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as { data: Row[]; nextCursor: string | null };
};
const errorPaths = (res: Res) => {
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  return (res.json.errors as Array<{ path: string }>).map((e) => e.path);
};
const ids = (rows: Row[]) => rows.map((r) => r.id);

/** `rows` sorted by `key` then id, in `dir`. */
function sorted(rows: Row[], key: (row: Row) => string, dir: 'asc' | 'desc'): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return (a.id < b.id ? -1 : 1) * sign;
  });
}

/** Every row of a list, following nextCursor `limit` rows at a time. */
async function pageThrough(get: (query: string) => Promise<Res>, query: string, limit: number): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = ok(await get(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    expect(page.data.length).toBeLessThanOrEqual(limit);
    out.push(...page.data);
    cursor = page.nextCursor;
    pages++;
    expect(pages).toBeLessThan(50);
  } while (cursor);
  return out;
}

describe('GET /api/v1/tenants/{tenant}/invitations: ?sort= and ?dir=', () => {
  let t: TestTenant;
  let other: TestTenant;
  let otherInvitationId: string;
  const tag = unique();
  const base = (tenant: TestTenant) => `http://localhost/api/v1/tenants/${tenant.slug}/invitations`;
  const list = (query: string, who: TestUser = t.users.admin, tenant: TestTenant = t) =>
    call(listInvitationsRoute, { url: `${base(tenant)}?${query}`, params: { tenant: tenant.slug }, cookie: who.cookie });
  const keys: Record<string, (row: Row) => string> = {
    created: (r) => r.createdAt as string,
    email: (r) => (r.email as string).toLowerCase(),
    expires: (r) => r.expiresAt as string,
  };
  const defaults: Record<string, 'asc' | 'desc'> = { created: 'desc', email: 'asc', expires: 'asc' };

  beforeAll(async () => {
    t = await createTenantWithMembers('enterprise');
    other = await createTenantWithMembers('enterprise');
    // Addresses whose A–Z order differs from the order they were invited in.
    const made: Row[] = [];
    for (const name of ['mika', 'anna', 'zoe', 'bert', 'kai']) {
      const res = await call(inviteRoute, {
        method: 'POST',
        url: base(t),
        params: { tenant: t.slug },
        cookie: t.users.admin.cookie,
        body: { email: `${name}-${tag}@example.test`, roles: [t.roleIds.viewer] },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      made.push(res.json as Row);
    }
    // Sent again: the second invitation now expires last, so the expiry order differs from the creation order.
    const resent = await call(resendRoute, {
      method: 'POST',
      url: `${base(t)}/${made[1].id}/resend`,
      params: { tenant: t.slug, id: made[1].id },
      cookie: t.users.admin.cookie,
    });
    expect(resent.status, JSON.stringify(resent.json)).toBe(200);
    const theirs = await call(inviteRoute, {
      method: 'POST',
      url: base(other),
      params: { tenant: other.slug },
      cookie: other.users.admin.cookie,
      body: { email: `aaa-${tag}@example.test`, roles: [other.roleIds.viewer] },
    });
    expect(theirs.status).toBe(201);
    otherInvitationId = theirs.json.id;
  });

  it('orders by each column both ways, ties by id the same way; dir left out is the order’s own direction', async () => {
    const rows = ok(await list('limit=200')).data;
    expect(rows).toHaveLength(5);
    for (const [sort, key] of Object.entries(keys)) {
      for (const dir of ['asc', 'desc'] as const) {
        expect(ids(ok(await list(`sort=${sort}&dir=${dir}&limit=200`)).data), `${sort} ${dir}`).toEqual(ids(sorted(rows, key, dir)));
      }
      expect(ids(ok(await list(`sort=${sort}`)).data), `${sort} default`).toEqual(ids(sorted(rows, key, defaults[sort])));
    }
    // The orders the data was chosen for, spelled out.
    const byEmail = ok(await list('sort=email')).data.map((r) => (r.email as string).split('-')[0]);
    expect(byEmail).toEqual(['anna', 'bert', 'kai', 'mika', 'zoe']);
    const byCreated = ok(await list('')).data.map((r) => (r.email as string).split('-')[0]);
    expect(byCreated).toEqual(['kai', 'bert', 'zoe', 'anna', 'mika']);
    expect(ok(await list('sort=expires&dir=desc')).data[0].email).toBe(`anna-${tag}@example.test`);
  });

  it('pages through every order returning each invitation once, in the order of one page, with the filters too', async () => {
    for (const sort of Object.keys(keys)) {
      for (const dir of ['asc', 'desc']) {
        const whole = ok(await list(`sort=${sort}&dir=${dir}&limit=200`)).data;
        expect(ids(await pageThrough(list, `sort=${sort}&dir=${dir}`, 2)), `${sort} ${dir}`).toEqual(ids(whole));
      }
    }
    const filtered = await pageThrough(list, `sort=email&dir=desc&status=pending&q=${tag}`, 1);
    expect(filtered.map((r) => (r.email as string).split('-')[0])).toEqual(['zoe', 'mika', 'kai', 'bert', 'anna']);
  });

  it('refuses a bad sort or dir and a cursor of another order with 400 naming the field', async () => {
    expect(errorPaths(await list('sort=invitedBy'))).toEqual(['query.sort']);
    expect(errorPaths(await list('sort=email&dir=up'))).toEqual(['query.dir']);
    const byEmail = ok(await list('sort=email&limit=2')).nextCursor!;
    expect(errorPaths(await list(`sort=created&cursor=${encodeURIComponent(byEmail)}`))).toEqual(['query.cursor']);
    expect(errorPaths(await list(`sort=email&dir=desc&cursor=${encodeURIComponent(byEmail)}`))).toEqual(['query.cursor']);
  });

  it("keeps the permission and the tenant: 403 without members.invite, 404 for another tenant, never another tenant's rows", async () => {
    expect((await list('sort=email', t.users.viewer)).status).toBe(403);
    expect((await list('sort=email', t.users.admin, other)).status).toBe(404);
    for (const sort of Object.keys(keys)) {
      expect(ids(ok(await list(`sort=${sort}&dir=asc&limit=200`)).data)).not.toContain(otherInvitationId);
    }
  });
});

describe('GET /api/v1/admin/tenants: ?sort= and ?dir=', () => {
  let root: TestUser;
  const tag = `so${unique()}`;
  const base = 'http://localhost/api/v1/admin/tenants';
  const list = (query: string, who: TestUser = root) => call(listTenantsRoute, { url: `${base}?q=${tag}&${query}`, cookie: who.cookie });
  const keys: Record<string, (row: Row) => string> = {
    slug: (r) => r.slug as string,
    name: (r) => (r.name as string).toLowerCase(),
    created: (r) => r.createdAt as string,
  };
  const defaults: Record<string, 'asc' | 'desc'> = { slug: 'asc', name: 'asc', created: 'desc' };

  beforeAll(async () => {
    root = await createUserWithSession('root-orders', { platformAdmin: true });
    const db = await getDb();
    // Slug, name and creation orders all differ; names in mixed case.
    for (const [slug, name] of [
      ['c', 'alder Pharma'],
      ['a', 'Maple Labs'],
      ['e', 'birch Works'],
      ['b', 'Zelkova GmbH'],
      ['d', 'cedar Bio'],
    ]) {
      await db.transaction((tx) => provisionTenant(tx, { slug: `${tag}-${slug}`, name: `${name} ${tag}`, planId: 'team' }));
    }
  });

  it('orders by each column both ways, and dir left out is the order’s own direction', async () => {
    const rows = ok(await list('limit=200')).data;
    expect(rows.map((r) => r.slug)).toEqual(['a', 'b', 'c', 'd', 'e'].map((s) => `${tag}-${s}`));
    for (const [sort, key] of Object.entries(keys)) {
      for (const dir of ['asc', 'desc'] as const) {
        expect(ids(ok(await list(`sort=${sort}&dir=${dir}&limit=200`)).data), `${sort} ${dir}`).toEqual(ids(sorted(rows, key, dir)));
      }
      expect(ids(ok(await list(`sort=${sort}`)).data), `${sort} default`).toEqual(ids(sorted(rows, key, defaults[sort])));
    }
    expect(ok(await list('sort=name')).data.map((r) => r.slug.slice(-1))).toEqual(['c', 'e', 'd', 'a', 'b']);
    expect(ok(await list('sort=created')).data.map((r) => r.slug.slice(-1))).toEqual(['d', 'b', 'e', 'a', 'c']);
  });

  it('pages through every order returning each tenant once, in the order of one page', async () => {
    for (const sort of Object.keys(keys)) {
      for (const dir of ['asc', 'desc']) {
        const whole = ok(await list(`sort=${sort}&dir=${dir}&limit=200`)).data;
        expect(ids(await pageThrough(list, `sort=${sort}&dir=${dir}`, 2)), `${sort} ${dir}`).toEqual(ids(whole));
      }
    }
    // The slug order without sort= still pages with its old cursor.
    expect(ids(await pageThrough(list, '', 2))).toEqual(ids(ok(await list('limit=200')).data));
  });

  it('refuses a bad sort or dir and a cursor of another order with 400 naming the field; 403 for a tenant admin', async () => {
    expect(errorPaths(await list('sort=plan'))).toEqual(['query.sort']);
    expect(errorPaths(await list('dir=sideways'))).toEqual(['query.dir']);
    const byName = ok(await list('sort=name&limit=2')).nextCursor!;
    expect(errorPaths(await list(`sort=slug&cursor=${encodeURIComponent(byName)}`))).toEqual(['query.cursor']);
    expect(errorPaths(await list(`sort=created&cursor=${encodeURIComponent(byName)}`))).toEqual(['query.cursor']);
    const tenantAdmin = (await createTenantWithMembers()).users.admin;
    expect((await list('sort=name', tenantAdmin)).status).toBe(403);
  });
});

/**
 * The four access lists that had one direction per order (issue 16): members, API keys, teams and systems. Each takes
 * `dir`; the same checks run on each: every order both ways (ties by id the same way), `dir` left out is the order's
 * own direction, paging returns every row once in the order of one page, a cursor keeps working with its direction
 * spelled out, a bad `sort`/`dir` or another order's or direction's cursor is 400 naming the field, 403 without the
 * read permission, 404 in another tenant, and another tenant's rows never appear.
 */
type OrderSuite = {
  /** `GET` of the list in `tenant` (default: the suite's own) as `who` (default: its admin). */
  list: (query: string, who?: TestUser, tenant?: TestTenant) => Promise<Res>;
  tenant: () => TestTenant;
  other: () => TestTenant;
  /** How many rows the tenant's list holds. */
  size: number;
  /** Each order's key as text that sorts like the order ascending (times from the data as set, to the microsecond). */
  keys: Record<string, (row: Row) => string>;
  defaults: Record<string, 'asc' | 'desc'>;
  /** The rows of another tenant (or of the same person's other membership) that must never appear. */
  foreign: () => string[];
  /** Someone of the tenant without the read permission. */
  forbidden: () => TestUser;
  /** Someone who is not a member of `other`. */
  outsider?: () => TestUser;
};

function checkOrders(suite: OrderSuite) {
  const sorts = Object.keys(suite.keys);
  const turned = (dir: 'asc' | 'desc') => (dir === 'asc' ? 'desc' : 'asc');

  it('orders by each column both ways, ties by id the same way; dir left out is the order’s own direction', async () => {
    const rows = ok(await suite.list('limit=200')).data;
    expect(rows).toHaveLength(suite.size);
    for (const sort of sorts) {
      const asc = ids(sorted(rows, suite.keys[sort], 'asc'));
      expect(ids(ok(await suite.list(`sort=${sort}&dir=asc&limit=200`)).data), `${sort} asc`).toEqual(asc);
      expect(ids(ok(await suite.list(`sort=${sort}&dir=desc&limit=200`)).data), `${sort} desc`).toEqual([...asc].reverse());
      const own = suite.defaults[sort] === 'asc' ? asc : [...asc].reverse();
      expect(ids(ok(await suite.list(`sort=${sort}&limit=200`)).data), `${sort} default`).toEqual(own);
    }
  });

  it('pages through every order both ways returning each row once, in the order of one page', async () => {
    for (const sort of sorts) {
      for (const dir of ['asc', 'desc'] as const) {
        const whole = ids(ok(await suite.list(`sort=${sort}&dir=${dir}&limit=200`)).data);
        expect(whole).toHaveLength(suite.size);
        expect(ids(await pageThrough(suite.list, `sort=${sort}&dir=${dir}`, 1)), `${sort} ${dir}`).toEqual(whole);
        expect(ids(await pageThrough(suite.list, `sort=${sort}&dir=${dir}`, 2)), `${sort} ${dir} by 2`).toEqual(whole);
      }
    }
  });

  it('takes a cursor of the order’s own direction with dir left out or spelled out, and refuses another order’s or direction’s', async () => {
    for (const sort of sorts) {
      const own = suite.defaults[sort];
      const plain = ok(await suite.list(`sort=${sort}&limit=2`));
      const spelled = ok(await suite.list(`sort=${sort}&dir=${own}&limit=2`));
      expect(spelled.nextCursor, sort).toBe(plain.nextCursor);
      const next = ok(await suite.list(`sort=${sort}&dir=${own}&limit=2&cursor=${encodeURIComponent(plain.nextCursor!)}`));
      expect(ids(next.data)).toEqual(ids(ok(await suite.list(`sort=${sort}&limit=200`)).data).slice(2, 4));
      const other = sorts.find((s) => s !== sort)!;
      expect(errorPaths(await suite.list(`sort=${other}&cursor=${encodeURIComponent(plain.nextCursor!)}`)), sort).toEqual(['query.cursor']);
      expect(errorPaths(await suite.list(`sort=${sort}&dir=${turned(own)}&cursor=${encodeURIComponent(plain.nextCursor!)}`)), sort).toEqual(
        ['query.cursor'],
      );
      const back = ok(await suite.list(`sort=${sort}&dir=${turned(own)}&limit=2`)).nextCursor!;
      expect(errorPaths(await suite.list(`sort=${sort}&cursor=${encodeURIComponent(back)}`)), sort).toEqual(['query.cursor']);
    }
  });

  it('refuses a bad sort or dir with 400 naming the field', async () => {
    expect(errorPaths(await suite.list('sort=size'))).toEqual(['query.sort']);
    expect(errorPaths(await suite.list(`sort=${sorts[0]}&dir=up`))).toEqual(['query.dir']);
    expect(errorPaths(await suite.list('dir=DESC'))).toEqual(['query.dir']);
  });

  it("keeps the permission and the tenant: 403 without the read permission, 404 in another tenant, never another tenant's rows", async () => {
    expect((await suite.list(`sort=${sorts[0]}&dir=desc`, suite.forbidden())).status).toBe(403);
    const outsider = suite.outsider?.() ?? suite.tenant().users.admin;
    expect((await suite.list(`sort=${sorts[0]}&dir=desc`, outsider, suite.other())).status).toBe(404);
    for (const sort of sorts) {
      for (const dir of ['asc', 'desc']) {
        const listed = ids(ok(await suite.list(`sort=${sort}&dir=${dir}&limit=200`)).data);
        for (const id of suite.foreign()) expect(listed, `${sort} ${dir}`).not.toContain(id);
      }
    }
  });
}

/** Set a row's timestamps (to the microsecond) straight in the database. */
async function setTimes(
  tenant: TestTenant,
  table: 'memberships' | 'teams' | 'systems' | 'api_keys',
  id: string,
  times: Record<string, string | null>,
) {
  await withTenant(tenant.id, async (tx) => {
    for (const [column, value] of Object.entries(times)) {
      await tx.execute(sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${value}::timestamptz where id = ${id}::uuid`);
    }
  });
}

describe('GET /api/v1/tenants/{tenant}/members: ?sort= and ?dir=', () => {
  let t: TestTenant;
  let other: TestTenant;
  const foreign: string[] = [];
  // Names whose A–Z order (case-insensitive) differs from the joining order; two joined in the same microsecond.
  const spec: Record<'admin' | 'manager' | 'qa' | 'operator' | 'viewer', { name: string; joined: string }> = {
    admin: { name: 'mika Berg', joined: '2030-01-01T10:00:00.000001Z' },
    manager: { name: 'Anna Zorn', joined: '2030-01-01T10:00:00.000002Z' },
    qa: { name: 'zoe Adler', joined: '2030-01-01T11:00:00.000000Z' },
    operator: { name: 'Bert Kahn', joined: '2030-01-01T11:00:00.000000Z' },
    viewer: { name: 'kai Ode', joined: '2030-01-01T09:00:00.123456Z' },
  };
  const joinedOf = new Map<string, string>();
  const base = (tenant: TestTenant) => `http://localhost/api/v1/tenants/${tenant.slug}/members`;

  beforeAll(async () => {
    t = await createTenantWithMembers();
    other = await createTenantWithMembers();
    const db = await getDb();
    const members = ok(await call(listMembersRoute, { url: base(t), params: { tenant: t.slug }, cookie: t.users.admin.cookie })).data;
    for (const [role, s] of Object.entries(spec)) {
      const user = t.users[role as keyof typeof spec];
      await db.execute(sql`update users set name = ${s.name} where id = ${user.id}::uuid`);
      const membership = members.find((m) => m.user.id === user.id)!;
      await setTimes(t, 'memberships', membership.id, { created_at: s.joined });
      joinedOf.set(membership.id, s.joined);
    }
    // The qa person also belongs to the other tenant: that membership stays out of this tenant's list.
    await db.transaction(async (tx) => {
      const { membershipId } = await addMember(tx, { tenantId: other.id, userId: t.users.qa.id, roleIds: [other.roleIds.viewer] });
      foreign.push(membershipId);
    });
    const theirs = ok(await call(listMembersRoute, { url: base(other), params: { tenant: other.slug }, cookie: other.users.admin.cookie }));
    foreign.push(...ids(theirs.data));
  });

  checkOrders({
    list: (query, who, tenant = t) =>
      call(listMembersRoute, { url: `${base(tenant)}?${query}`, params: { tenant: tenant.slug }, cookie: (who ?? t.users.admin).cookie }),
    tenant: () => t,
    other: () => other,
    size: 5,
    keys: { joined: (r) => joinedOf.get(r.id)!, name: (r) => (r.user.name as string).toLowerCase() },
    defaults: { joined: 'asc', name: 'asc' },
    foreign: () => foreign,
    forbidden: () => t.users.viewer,
    outsider: () => t.users.admin,
  });

  it('reads as the data was chosen: A–Z and Z–A by name, newest joined first', async () => {
    const list = (query: string) =>
      call(listMembersRoute, { url: `${base(t)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    const first = (rows: Row[]) => rows.map((r) => (r.user.name as string).split(' ')[0]);
    expect(first(ok(await list('sort=name')).data)).toEqual(['Anna', 'Bert', 'kai', 'mika', 'zoe']);
    expect(first(ok(await list('sort=name&dir=desc')).data)).toEqual(['zoe', 'mika', 'kai', 'Bert', 'Anna']);
    expect(first(ok(await list('sort=joined&dir=desc')).data).slice(2)).toEqual(['Anna', 'mika', 'kai']);
    // The filters keep the direction.
    expect(first(ok(await list('sort=name&dir=desc&q=z')).data)).toEqual(['zoe', 'Anna']);
  });
});

describe('GET /api/v1/tenants/{tenant}/api-keys: ?sort= and ?dir=', () => {
  let t: TestTenant;
  let other: TestTenant;
  let theirs: string;
  // Two created in the same microsecond, two used at the same moment, two never used: every order has ties.
  const spec = [
    { name: 'delta', created: '2030-01-01T10:00:00.000001Z', used: '2030-02-01T09:00:00.000000Z' },
    { name: 'Foxtrot', created: '2030-01-01T10:00:00.000002Z', used: null },
    { name: 'Alpha', created: '2030-01-01T11:00:00.000000Z', used: null },
    { name: 'charlie', created: '2030-01-01T11:00:00.000000Z', used: '2030-02-01T09:00:00.000000Z' },
    { name: 'Bravo', created: '2030-01-01T09:00:00.000000Z', used: '2030-02-03T00:00:00.000000Z' },
    { name: 'echo', created: '2030-01-01T08:00:00.123456Z', used: '2030-02-01T09:00:00.000001Z' },
  ];
  const byId = new Map<string, (typeof spec)[number]>();
  const base = (tenant: TestTenant) => `http://localhost/api/v1/tenants/${tenant.slug}/api-keys`;
  const create = (tenant: TestTenant, name: string) =>
    call(createApiKeyRoute, {
      method: 'POST',
      url: base(tenant),
      params: { tenant: tenant.slug },
      cookie: tenant.users.admin.cookie,
      body: { name, permissions: ['tenant.read'] },
    });

  beforeAll(async () => {
    t = await createTenantWithMembers();
    other = await createTenantWithMembers();
    for (const s of spec) {
      const res = await create(t, s.name);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      byId.set(res.json.id, s);
      await setTimes(t, 'api_keys', res.json.id, { created_at: s.created, last_used_at: s.used });
    }
    const res = await create(other, 'aaa other');
    expect(res.status).toBe(201);
    theirs = res.json.id;
  });

  checkOrders({
    list: (query, who, tenant = t) =>
      call(listApiKeysRoute, { url: `${base(tenant)}?${query}`, params: { tenant: tenant.slug }, cookie: (who ?? t.users.admin).cookie }),
    tenant: () => t,
    other: () => other,
    size: spec.length,
    keys: {
      created: (r) => byId.get(r.id)!.created,
      name: (r) => (r.name as string).toLowerCase(),
      // Never used sorts before every use ascending, so after them all newest first.
      last_used: (r) => byId.get(r.id)!.used ?? '',
    },
    defaults: { created: 'desc', name: 'asc', last_used: 'desc' },
    foreign: () => [theirs],
    forbidden: () => t.users.viewer,
  });

  it('puts never-used keys last by default and first when turned round, and the status filter keeps the direction', async () => {
    const list = (query: string) =>
      call(listApiKeysRoute, { url: `${base(t)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    const names = (res: Res) => ok(res).data.map((r) => r.name as string);
    expect(names(await list('sort=last_used')).slice(0, 2)).toEqual(['Bravo', 'echo']);
    expect(new Set(names(await list('sort=last_used')).slice(4))).toEqual(new Set(['Foxtrot', 'Alpha']));
    expect(new Set(names(await list('sort=last_used&dir=asc')).slice(0, 2))).toEqual(new Set(['Foxtrot', 'Alpha']));
    expect(names(await list('sort=last_used&dir=asc')).slice(4)).toEqual(['echo', 'Bravo']);
    expect(names(await list('sort=name&dir=desc&status=active'))).toEqual(['Foxtrot', 'echo', 'delta', 'charlie', 'Bravo', 'Alpha']);
    expect(names(await list('sort=created&dir=asc')).slice(0, 2)).toEqual(['echo', 'Bravo']);
  });
});

describe('GET /api/v1/tenants/{tenant}/teams: ?sort= and ?dir=', () => {
  let t: TestTenant;
  let other: TestTenant;
  let theirs: string;
  // Creation order differs from the A–Z order; two created in the same microsecond.
  const spec = [
    { name: 'Delta', created: '2030-01-01T10:00:00.000001Z' },
    { name: 'Echo', created: '2030-01-01T10:00:00.000002Z' },
    { name: 'Alpha', created: '2030-01-01T11:00:00.000000Z' },
    { name: 'Charlie', created: '2030-01-01T11:00:00.000000Z' },
    { name: 'Bravo', created: '2030-01-01T09:00:00.000000Z' },
  ];
  const createdOf = new Map<string, string>();
  const base = (tenant: TestTenant) => `http://localhost/api/v1/tenants/${tenant.slug}/teams`;
  const create = (tenant: TestTenant, name: string) =>
    call(createTeamRoute, {
      method: 'POST',
      url: base(tenant),
      params: { tenant: tenant.slug },
      cookie: tenant.users.admin.cookie,
      body: { name },
    });

  beforeAll(async () => {
    t = await createTenantWithMembers();
    other = await createTenantWithMembers();
    for (const s of spec) {
      const res = await create(t, s.name);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      createdOf.set(res.json.id, s.created);
      await setTimes(t, 'teams', res.json.id, { created_at: s.created });
    }
    const res = await create(other, 'Aardvark');
    expect(res.status).toBe(201);
    theirs = res.json.id;
  });

  checkOrders({
    list: (query, who, tenant = t) =>
      call(listTeamsRoute, { url: `${base(tenant)}?${query}`, params: { tenant: tenant.slug }, cookie: (who ?? t.users.admin).cookie }),
    tenant: () => t,
    other: () => other,
    size: spec.length,
    keys: { name: (r) => r.name as string, created: (r) => createdOf.get(r.id)! },
    defaults: { name: 'asc', created: 'desc' },
    foreign: () => [theirs],
    forbidden: () => t.users.viewer,
  });

  it('reads as the data was chosen, and the search keeps the direction', async () => {
    const list = (query: string) =>
      call(listTeamsRoute, { url: `${base(t)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    const names = (res: Res) => ok(res).data.map((r) => r.name as string);
    expect(names(await list('sort=name&dir=desc'))).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    expect(names(await list('sort=created&dir=asc')).slice(0, 3)).toEqual(['Bravo', 'Delta', 'Echo']);
    expect(names(await list('q=ha&sort=name&dir=desc'))).toEqual(['Charlie', 'Alpha']);
  });
});

describe('GET /api/v1/tenants/{tenant}/systems: ?sort= and ?dir=', () => {
  let t: TestTenant;
  let other: TestTenant;
  let theirs: string;
  const tag = unique();
  // Slug, name (mixed case) and creation orders all differ; two created in the same microsecond.
  const spec = [
    { slug: 'c', name: 'alder LIMS', created: '2030-01-01T10:00:00.000001Z' },
    { slug: 'a', name: 'Maple MES', created: '2030-01-01T10:00:00.000002Z' },
    { slug: 'e', name: 'birch ERP', created: '2030-01-01T11:00:00.000000Z' },
    { slug: 'b', name: 'Zelkova QMS', created: '2030-01-01T11:00:00.000000Z' },
    { slug: 'd', name: 'cedar WMS', created: '2030-01-01T09:00:00.000000Z' },
  ];
  const createdOf = new Map<string, string>();
  const base = (tenant: TestTenant) => `http://localhost/api/v1/tenants/${tenant.slug}/systems`;
  const create = (tenant: TestTenant, slug: string, name: string) =>
    call(createSystemRoute, {
      method: 'POST',
      url: base(tenant),
      params: { tenant: tenant.slug },
      cookie: tenant.users.admin.cookie,
      body: { slug, name, permissions: ['samples.read'] },
    });

  beforeAll(async () => {
    t = await createTenantWithMembers();
    other = await createTenantWithMembers();
    for (const s of spec) {
      const res = await create(t, `${s.slug}-${tag}`, s.name);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      createdOf.set(res.json.id, s.created);
      await setTimes(t, 'systems', res.json.id, { created_at: s.created });
    }
    const res = await create(other, `a-${tag}`, 'Aardvark');
    expect(res.status).toBe(201);
    theirs = res.json.id;
  });

  checkOrders({
    list: (query, who, tenant = t) =>
      call(listSystemsRoute, { url: `${base(tenant)}?${query}`, params: { tenant: tenant.slug }, cookie: (who ?? t.users.admin).cookie }),
    tenant: () => t,
    other: () => other,
    size: spec.length,
    keys: { slug: (r) => r.slug as string, name: (r) => (r.name as string).toLowerCase(), created: (r) => createdOf.get(r.id)! },
    defaults: { slug: 'asc', name: 'asc', created: 'desc' },
    foreign: () => [theirs],
    forbidden: () => t.users.viewer,
  });

  it('reads as the data was chosen, and the search keeps the direction', async () => {
    const list = (query: string) =>
      call(listSystemsRoute, { url: `${base(t)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    const slugs = (res: Res) => ok(res).data.map((r) => (r.slug as string).split('-')[0]);
    expect(slugs(await list('sort=slug&dir=desc'))).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(slugs(await list('sort=name&dir=desc'))).toEqual(['b', 'a', 'd', 'e', 'c']);
    expect(slugs(await list('sort=created&dir=asc')).slice(0, 3)).toEqual(['d', 'c', 'a']);
    expect(slugs(await list('q=s&sort=name&dir=desc'))).toEqual(['b', 'a', 'd', 'c']);
  });
});
