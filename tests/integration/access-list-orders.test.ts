import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listInvitationsRoute, POST as inviteRoute } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { POST as resendRoute } from '@/app/api/v1/tenants/[tenant]/invitations/[id]/resend/route';
import { GET as listTenantsRoute } from '@/app/api/v1/admin/tenants/route';
import { getDb } from '@/db/client';
import { provisionTenant } from '@/lib/tenancy/provision-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser, unique } from '../support/fixtures';

/**
 * Server sort of the invitations list and the platform's tenant list (issue 16): each `sort` really orders (ties by id
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
