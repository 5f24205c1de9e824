import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as listEvents } from '@/app/api/v1/admin/audit-events/route';
import { DELETE as wipeOut, PATCH as changeTenant } from '@/app/api/v1/admin/tenants/[tenant]/route';
import { GET as listTenants, POST as createTenant } from '@/app/api/v1/admin/tenants/route';
import { GET as getTenant, PATCH as updateTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { insertUser } from '@/lib/auth/create-user';
import { rowsOf } from '@/db/rows';
import { apiKeys, auditEvents, memberOverrides, memberships, systems, teamMembers, teamRoles, teams, tenants } from '@/db/schema';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant } from '../support/fixtures';

const base = 'http://localhost/api/v1/admin';
const TABLES = [
  'memberships',
  'roles',
  'role_permissions',
  'member_roles',
  'teams',
  'team_members',
  'team_roles',
  'member_overrides',
  'systems',
  'api_keys',
  'audit_events',
] as const;

async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  const db = await getDb();
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const rows = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}::uuid`),
    );
    out[table] = Number(rows[0].n);
  }
  const heads = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from audit_chain_heads where chain_key = ${tenantId}`),
  );
  out.audit_chain_heads = Number(heads[0].n);
  const t = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from tenants where id = ${tenantId}::uuid`));
  out.tenants = Number(t[0].n);
  return out;
}

/** Give a tenant a row in every access table and a few audit events, so a wipe-out has something to remove. */
async function fillTenant(t: TestTenant) {
  const db = await getDb();
  const [membership] = await db.select().from(memberships).where(eq(memberships.userId, t.users.operator.id));
  const [team] = await db
    .insert(teams)
    .values({ tenantId: t.id, name: `Team ${unique()}` })
    .returning();
  await db.insert(teamMembers).values({ tenantId: t.id, teamId: team.id, membershipId: membership.id });
  await db.insert(teamRoles).values({ tenantId: t.id, teamId: team.id, roleId: t.roleIds.qa });
  await db.insert(memberOverrides).values({ tenantId: t.id, membershipId: membership.id, permission: 'audit.read', effect: 'deny' });
  await db.insert(systems).values({ tenantId: t.id, slug: `sys-${unique()}`, name: 'LIMS', permissions: ['lims:samples.read'] });
  await db.insert(apiKeys).values({
    tenantId: t.id,
    name: 'ci',
    prefix: `ck_${unique()}${unique()}`,
    keyHash: randomUUID(),
    createdBy: t.users.admin.id,
    permissions: ['members.read'],
  });
  // A real tenant change through the API: the tenant's own trail and chain head.
  const renamed = await call(updateTenant, {
    method: 'PATCH',
    url: `http://localhost/api/v1/tenants/${t.slug}`,
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { name: `Renamed ${unique()}` },
  });
  expect(renamed.status).toBe(200);
}

const latestPlatformEvent = async (action: string, targetId: string) => {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(and(isNull(auditEvents.tenantId), eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row;
};

describe('GET /api/v1/admin/tenants', () => {
  it('lists tenants with plan, status and seats for a platform admin, with search and cursor pagination', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const t = await createTenantWithMembers('team');
    const res = await call(listTenants, { url: `${base}/tenants?q=${t.slug}`, cookie: root.cookie });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual([
      {
        id: t.id,
        slug: t.slug,
        name: `Tenant ${t.slug}`,
        plan: { id: 'team', name: 'Team', seatLimit: 25 },
        status: 'active',
        seats: { used: 5, limit: 25 },
        createdAt: expect.any(String),
      },
    ]);
    expect(res.json.nextCursor).toBeNull();

    await createTenantWithMembers('starter');
    const first = await call(listTenants, { url: `${base}/tenants?limit=1`, cookie: root.cookie });
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(1);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await call(listTenants, { url: `${base}/tenants?limit=1&cursor=${first.json.nextCursor}`, cookie: root.cookie });
    expect(second.status).toBe(200);
    expect(second.json.data[0].slug > first.json.data[0].slug).toBe(true);
  });

  it('is 403 for a tenant admin, 401 signed out, 400 for a bad query', async () => {
    const t = await createTenantWithMembers();
    const root = await createUserWithSession('root', { platformAdmin: true });
    expect((await call(listTenants, { url: `${base}/tenants`, cookie: t.users.admin.cookie })).json).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect((await call(listTenants, { url: `${base}/tenants` })).status).toBe(401);
    const bad = await call(listTenants, { url: `${base}/tenants?limit=0&color=red`, cookie: root.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['query.limit', 'query.color']));
    const cursor = await call(listTenants, { url: `${base}/tenants?cursor=nonsense`, cookie: root.cookie });
    expect(cursor.status).toBe(400);
    expect(cursor.json.errors[0].path).toBe('query.cursor');
  });
});

describe('POST /api/v1/admin/tenants', () => {
  it('creates a tenant on a plan with the default roles, makes the named account its admin, and audits it', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const owner = await createUserWithSession('owner');
    const slug = `adm-${unique()}`;
    const res = await call(createTenant, {
      method: 'POST',
      url: `${base}/tenants`,
      cookie: root.cookie,
      body: { slug, name: 'Initech Labs', plan: 'enterprise', adminEmail: owner.email.toUpperCase() },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      slug,
      name: 'Initech Labs',
      plan: { id: 'enterprise', seatLimit: null },
      status: 'active',
      seats: { used: 1, limit: null },
    });
    // The named account is the admin: it can read and update the tenant.
    const read = await call(getTenant, { url: `http://localhost/api/v1/tenants/${slug}`, params: { tenant: slug }, cookie: owner.cookie });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ plan: 'enterprise', seats: { used: 1, limit: null } });
    const counts = await rowCounts(res.json.id);
    expect(counts).toMatchObject({ roles: 5, memberships: 1, member_roles: 1 });
    const event = await latestPlatformEvent('tenant.created', res.json.id);
    expect(event).toMatchObject({
      actorId: root.id,
      before: null,
      after: { slug, name: 'Initech Labs', plan: 'enterprise', admin: { id: owner.id } },
    });
    // The platform admin is not made a member.
    expect(
      (await call(getTenant, { url: `http://localhost/api/v1/tenants/${slug}`, params: { tenant: slug }, cookie: root.cookie })).status,
    ).toBe(404);
  });

  it('is 403 for a tenant admin and 401 signed out, writing nothing', async () => {
    const t = await createTenantWithMembers();
    const slug = `adm-${unique()}`;
    const body = { slug, name: 'Nope Inc', plan: 'starter', adminEmail: t.users.admin.email };
    expect((await call(createTenant, { method: 'POST', url: `${base}/tenants`, cookie: t.users.admin.cookie, body })).status).toBe(403);
    expect((await call(createTenant, { method: 'POST', url: `${base}/tenants`, body })).status).toBe(401);
    const db = await getDb();
    expect(await db.select().from(tenants).where(eq(tenants.slug, slug))).toEqual([]);
  });

  it('answers bad input with 400 naming the field, a taken slug with 409, and writes nothing', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const owner = await createUserWithSession('owner');
    const db = await getDb();
    const unverified = await insertUser(db, { email: `unverified-${unique()}@test.custos`, name: 'Not Yet', verified: false });
    const t = await createTenantWithMembers();
    const slugs: string[] = [];
    const cases: [Record<string, unknown>, string, number][] = [];
    const ok = () => {
      const slug = `adm-${unique()}`;
      slugs.push(slug);
      return { slug, name: 'Fine Co', plan: 'starter', adminEmail: owner.email };
    };
    cases.push([{ ...ok(), adminEmail: `nobody-${unique()}@test.custos` }, 'adminEmail', 400]);
    cases.push([{ ...ok(), adminEmail: unverified.email }, 'adminEmail', 400]);
    cases.push([{ ...ok(), adminEmail: 'not-an-email' }, 'adminEmail', 400]);
    cases.push([{ ...ok(), plan: 'platinum' }, 'plan', 400]);
    cases.push([{ ...ok(), slug: 'Bad Slug' }, 'slug', 400]);
    cases.push([{ ...ok(), slug: 'admin' }, 'slug', 400]);
    cases.push([{ ...ok(), name: '' }, 'name', 400]);
    cases.push([{ ...ok(), extra: true }, 'extra', 400]);
    cases.push([{ ...ok(), slug: t.slug }, 'slug', 409]);
    for (const [body, field, status] of cases) {
      const res = await call(createTenant, { method: 'POST', url: `${base}/tenants`, cookie: root.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    for (const slug of slugs) expect(await db.select().from(tenants).where(eq(tenants.slug, slug))).toEqual([]);
    expect(await db.select().from(tenants).where(eq(tenants.slug, t.slug))).toHaveLength(1);
  });
});

describe('PATCH /api/v1/admin/tenants/{tenant}', () => {
  it('changes the plan, refuses a plan below the seats in use with 409, and audits before/after', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const t = await createTenantWithMembers('team');
    const patch = (body: unknown, cookie = root.cookie, slug = t.slug) =>
      call(changeTenant, { method: 'PATCH', url: `${base}/tenants/${slug}`, params: { tenant: slug }, cookie, body });

    const up = await patch({ plan: 'enterprise' });
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({ plan: { id: 'enterprise' }, seats: { used: 5, limit: null } });
    expect(await latestPlatformEvent('tenant.plan_changed', t.id)).toMatchObject({
      actorId: root.id,
      before: { plan: 'team' },
      after: { plan: 'enterprise' },
    });
    // 5 active members: starter (5 seats) fits, and one more member makes it too small.
    expect((await patch({ plan: 'starter' })).status).toBe(200);
    expect((await patch({ plan: 'team' })).status).toBe(200);
    const extra = await createUserWithSession('extra');
    const db = await getDb();
    await db.insert(memberships).values({ tenantId: t.id, userId: extra.id });
    const down = await patch({ plan: 'starter' });
    expect(down.status).toBe(409);
    expect(down.json).toMatchObject({ code: 'seat_limit_reached' });
    const [row] = await db.select().from(tenants).where(eq(tenants.id, t.id));
    expect(row.planId).toBe('team');
    // A removed member frees the seat.
    await db.update(memberships).set({ status: 'removed' }).where(eq(memberships.userId, extra.id));
    expect((await patch({ plan: 'starter' })).status).toBe(200);
  });

  it('is 403 for a tenant admin, 401 signed out, 404 for an unknown tenant, 400 for bad input — changing nothing', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const t = await createTenantWithMembers('team');
    const patch = (body: unknown, cookie?: string, slug = t.slug) =>
      call(changeTenant, { method: 'PATCH', url: `${base}/tenants/${slug}`, params: { tenant: slug }, cookie, body });
    expect((await patch({ status: 'suspended' }, t.users.admin.cookie)).status).toBe(403);
    expect((await patch({ status: 'suspended' })).status).toBe(401);
    expect((await patch({ status: 'suspended' }, root.cookie, `nope-${unique()}`)).status).toBe(404);
    for (const [body, field] of [
      [{ plan: 'platinum' }, 'plan'],
      [{ status: 'deleted' }, 'status'],
      [{}, 'plan'],
      [{ status: 'suspended', name: 'x' }, 'name'],
    ] as const) {
      const res = await patch(body, root.cookie);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const db = await getDb();
    const [row] = await db.select().from(tenants).where(eq(tenants.id, t.id));
    expect(row).toMatchObject({ planId: 'team', status: 'active' });
  });

  it('suspends a tenant: its members get 403 tenant_suspended on the tenant API until it is reactivated', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const t = await createTenantWithMembers();
    const read = (cookie: string) =>
      call(getTenant, { url: `http://localhost/api/v1/tenants/${t.slug}`, params: { tenant: t.slug }, cookie });
    const update = (cookie: string) =>
      call(updateTenant, {
        method: 'PATCH',
        url: `http://localhost/api/v1/tenants/${t.slug}`,
        params: { tenant: t.slug },
        cookie,
        body: { name: 'While suspended' },
      });
    expect((await read(t.users.viewer.cookie)).status).toBe(403); // viewer lacks tenant.read: the baseline
    expect((await read(t.users.admin.cookie)).status).toBe(200);

    const suspended = await call(changeTenant, {
      method: 'PATCH',
      url: `${base}/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: root.cookie,
      body: { status: 'suspended' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.json.status).toBe('suspended');
    for (const cookie of [t.users.admin.cookie, t.users.qa.cookie]) {
      const res = await read(cookie);
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('tenant_suspended');
    }
    expect((await update(t.users.admin.cookie)).json.code).toBe('tenant_suspended');
    // A stranger still learns nothing: 404, not 403.
    const stranger = await createUserWithSession('stranger');
    expect((await read(stranger.cookie)).status).toBe(404);
    expect(await latestPlatformEvent('tenant.suspended', t.id)).toMatchObject({
      before: { status: 'active' },
      after: { status: 'suspended' },
    });

    const back = await call(changeTenant, {
      method: 'PATCH',
      url: `${base}/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: root.cookie,
      body: { status: 'active' },
    });
    expect(back.status).toBe(200);
    expect((await read(t.users.admin.cookie)).status).toBe(200);
    expect(await latestPlatformEvent('tenant.reactivated', t.id)).toMatchObject({
      before: { status: 'suspended' },
      after: { status: 'active' },
    });
    // The tenant's own trail shows it too.
    const db = await getDb();
    const own = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, 'tenant.suspended')));
    expect(own).toHaveLength(1);
  });
});

describe('DELETE /api/v1/admin/tenants/{tenant}', () => {
  it('wipes out every row of the tenant in one go, leaves other tenants untouched, and records it in the platform trail', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const doomed = await createTenantWithMembers();
    const other = await createTenantWithMembers();
    await fillTenant(doomed);
    await fillTenant(other);
    const before = await rowCounts(doomed.id);
    for (const table of TABLES) expect(before[table], table).toBeGreaterThan(0);
    expect(before.audit_chain_heads).toBe(1);
    const otherBefore = await rowCounts(other.id);

    const res = await call(wipeOut, {
      method: 'DELETE',
      url: `${base}/tenants/${doomed.slug}?confirm=${doomed.slug}`,
      params: { tenant: doomed.slug },
      cookie: root.cookie,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ slug: doomed.slug, name: expect.any(String) });
    for (const table of TABLES) expect(res.json.deleted[table], table).toBe(before[table]);

    const after = await rowCounts(doomed.id);
    expect(
      Object.values(after).every((n) => n === 0),
      JSON.stringify(after),
    ).toBe(true);
    expect(await rowCounts(other.id)).toEqual(otherBefore);
    // Its members lose access (the tenant is gone), their accounts stay.
    const read = await call(getTenant, {
      url: `http://localhost/api/v1/tenants/${doomed.slug}`,
      params: { tenant: doomed.slug },
      cookie: doomed.users.admin.cookie,
    });
    expect(read.status).toBe(404);

    const event = await latestPlatformEvent('tenant.wiped_out', doomed.id);
    expect(event).toMatchObject({ actorId: root.id, before: { slug: doomed.slug, name: res.json.name, status: 'active' } });
    expect(event.after).toBeNull();
    const deleted = (event.before as { rows: { table: string; rows: number }[] }).rows;
    expect(deleted).toEqual(
      expect.arrayContaining([
        { table: 'api_keys', rows: 1 },
        { table: 'memberships', rows: 5 },
      ]),
    );
    // The other tenant's trail still verifies end to end (its chain is untouched).
    const verified = await withTenantContext(
      { type: 'user', id: other.users.admin.id, name: 'x', email: other.users.admin.email, isPlatformAdmin: false },
      other.slug,
      { requestId: randomUUID() },
      (ctx) => verifyAuditChain(ctx),
    );
    expect(verified).toEqual({ valid: true, checked: otherBefore.audit_events });
  });

  it('refuses a missing or wrong confirm with 400 and deletes nothing; 403 / 401 / 404 as usual', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const t = await createTenantWithMembers();
    await fillTenant(t);
    const counts = await rowCounts(t.id);
    const del = (query: string, cookie?: string, slug = t.slug) =>
      call(wipeOut, { method: 'DELETE', url: `${base}/tenants/${slug}${query}`, params: { tenant: slug }, cookie });
    for (const query of ['', '?confirm=', `?confirm=${t.slug}x`, '?confirm=acme']) {
      const res = await del(query, root.cookie);
      expect(res.status, query).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path).join()).toMatch(/confirm/);
    }
    expect((await del(`?confirm=${t.slug}`, t.users.admin.cookie)).status).toBe(403);
    expect((await del(`?confirm=${t.slug}`)).status).toBe(401);
    const ghost = `nope-${unique()}`;
    expect((await del(`?confirm=${ghost}`, root.cookie, ghost)).status).toBe(404);
    expect(await rowCounts(t.id)).toEqual(counts);
  });
});

describe('GET /api/v1/admin/audit-events', () => {
  it('lists the platform trail newest first with filters and cursor pagination, and never tenant events', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const t = await createTenantWithMembers('team');
    for (const body of [{ plan: 'enterprise' }, { status: 'suspended' }, { status: 'active' }]) {
      const res = await call(changeTenant, {
        method: 'PATCH',
        url: `${base}/tenants/${t.slug}`,
        params: { tenant: t.slug },
        cookie: root.cookie,
        body,
      });
      expect(res.status).toBe(200);
    }
    const list = (query: string, cookie: string | undefined = root.cookie) =>
      call(listEvents, { url: `${base}/audit-events${query}`, cookie });

    const mine = await list(`?actorId=${root.id}`);
    expect(mine.status).toBe(200);
    expect(mine.json.data.map((e: { action: string }) => e.action)).toEqual([
      'tenant.reactivated',
      'tenant.suspended',
      'tenant.plan_changed',
    ]);
    expect(mine.json.data[0]).toEqual({
      id: expect.any(String),
      occurredAt: expect.any(String),
      actor: { type: 'user', id: root.id, name: root.name },
      action: 'tenant.reactivated',
      targetType: 'tenant',
      targetId: t.id,
      before: { status: 'suspended' },
      after: { status: 'active' },
      reason: null,
      requestId: expect.any(String),
      ip: null,
      userAgent: null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const byAction = await list(`?actorId=${root.id}&action=tenant.suspended`);
    expect(byAction.json.data).toHaveLength(1);

    const paged = await list(`?actorId=${root.id}&limit=2`);
    expect(paged.json.data).toHaveLength(2);
    const rest = await list(`?actorId=${root.id}&limit=2&cursor=${paged.json.nextCursor}`);
    expect(rest.json.data.map((e: { action: string }) => e.action)).toEqual(['tenant.plan_changed']);
    expect(rest.json.nextCursor).toBeNull();

    const future = await list(`?actorId=${root.id}&from=2999-01-01`);
    expect(future.json.data).toEqual([]);
    const past = await list(`?actorId=${root.id}&to=2000-01-01T00:00:00Z`);
    expect(past.json.data).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`?actorId=${root.id}&from=${today}&to=${today}`)).json.data).toHaveLength(3);

    // Tenant events (this tenant's own trail has the same actions) never appear.
    const all = await list('?limit=200');
    expect(all.json.data.every((e: { targetId: string | null; action: string }) => e.action !== 'tenant.updated')).toBe(true);
  });

  it('is 403 for a tenant admin, 401 signed out, 400 for bad filters', async () => {
    const t = await createTenantWithMembers();
    const root = await createUserWithSession('root', { platformAdmin: true });
    expect((await call(listEvents, { url: `${base}/audit-events`, cookie: t.users.admin.cookie })).status).toBe(403);
    expect((await call(listEvents, { url: `${base}/audit-events` })).status).toBe(401);
    const bad = await call(listEvents, { url: `${base}/audit-events?from=yesterday&limit=500`, cookie: root.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['query.from', 'query.limit']));
    const reversed = await call(listEvents, { url: `${base}/audit-events?from=2026-02-01&to=2026-01-01`, cookie: root.cookie });
    expect(reversed.status).toBe(400);
  });
});

describe('seats in use under FORCE row-level security', () => {
  it('counts per tenant when the connection does not skip row-level security (a managed database owner)', async () => {
    const a = await createTenantWithMembers();
    const b = await createTenantWithMembers();
    const db = await getDb();
    const { seatsUsed } = await import('@/lib/platform-admin/platform-admin');
    const used = await db.transaction(async (tx) => {
      // custos_app is bound by FORCE like a non-superuser owner: nothing is visible without a tenant named.
      await tx.execute(sql`select set_config('role', 'custos_app', true)`);
      const blind = rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from memberships where tenant_id = ${a.id}::uuid`),
      );
      expect(Number(blind[0].n)).toBe(0);
      return seatsUsed(tx, [a.id, b.id]);
    });
    expect(Object.fromEntries(used)).toEqual({ [a.id]: 5, [b.id]: 5 });
  });
});
