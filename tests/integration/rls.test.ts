import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, memberRoles, memberships, rolePermissions, roles, tenants } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
import { plannedScans } from '../support/query-plan';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

// Row-level security is the second wall between tenants: these run on PGlite and on PostgreSQL.
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  a = await createTenantWithMembers();
  b = await createTenantWithMembers();
  for (const t of [a, b]) {
    await withTenant(t.id, (tx) => tx.insert(auditEvents).values({ tenantId: t.id, actorType: 'system', action: 'test.seeded' }));
  }
});

const TENANT_TABLES = { memberships, roles, rolePermissions, memberRoles, auditEvents } as const;

describe('row-level security', () => {
  it('shows nothing when no tenant is set', async () => {
    await withTenant(null, async (tx) => {
      for (const [name, table] of Object.entries(TENANT_TABLES)) {
        const [{ n }] = await tx.select({ n: count() }).from(table);
        expect(n, name).toBe(0);
      }
      const [{ n }] = await tx.select({ n: count() }).from(tenants);
      expect(n).toBe(0);
    });
  });

  it("shows a tenant only its own rows, never another tenant's", async () => {
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      await withTenant(self.id, async (tx) => {
        for (const [name, table] of Object.entries(TENANT_TABLES)) {
          const rows = await tx.select({ tenantId: table.tenantId }).from(table);
          expect(rows.length, name).toBeGreaterThan(0);
          expect(new Set(rows.map((r) => r.tenantId)), name).toEqual(new Set([self.id]));
          const [{ n }] = await tx.select({ n: count() }).from(table).where(eq(table.tenantId, other.id));
          expect(n, `${name} of the other tenant`).toBe(0);
        }
        const visible = await tx.select({ id: tenants.id }).from(tenants);
        expect(visible.map((t) => t.id)).toEqual([self.id]);
      });
    }
  });

  it("refuses to write another tenant's rows", async () => {
    expect(await dbErrorOf(withTenant(a.id, (tx) => tx.insert(roles).values({ tenantId: b.id, name: 'smuggled' })))).toMatch(
      /row-level security/,
    );
    expect(
      await dbErrorOf(withTenant(a.id, (tx) => tx.insert(auditEvents).values({ tenantId: b.id, actorType: 'system', action: 'forged' }))),
    ).toMatch(/row-level security/);
    // Updates and deletes aimed at the other tenant touch nothing.
    const updated = await withTenant(a.id, (tx) =>
      tx.update(roles).set({ description: 'hijacked' }).where(eq(roles.tenantId, b.id)).returning({ id: roles.id }),
    );
    expect(updated).toEqual([]);
    const deleted = await withTenant(a.id, (tx) =>
      tx.delete(memberships).where(eq(memberships.tenantId, b.id)).returning({ id: memberships.id }),
    );
    expect(deleted).toEqual([]);
    const stillThere = await withTenant(b.id, async (tx) => (await tx.select({ n: count() }).from(memberships))[0].n);
    expect(stillThere).toBe(5);
    await expect(
      withTenant(a.id, (tx) => tx.update(tenants).set({ name: 'hijacked' }).where(eq(tenants.id, b.id)).returning({ id: tenants.id })),
    ).resolves.toEqual([]);
  });

  it('shows a person their own memberships across tenants in user scope, and nobody else’s', async () => {
    const user = a.users.viewer;
    const rows = await withTenant(
      null,
      (tx) => tx.select({ tenantId: memberships.tenantId, userId: memberships.userId }).from(memberships),
      {
        userId: user.id,
      },
    );
    expect(rows).toEqual([{ tenantId: a.id, userId: user.id }]);
  });

  it('shows a person, in user scope, the roles they hold and no other role, not even of their own tenants', async () => {
    const user = a.users.qa;
    const seen = await withTenant(null, (tx) => tx.select({ id: roles.id, tenantId: roles.tenantId }).from(roles), { userId: user.id });
    expect(seen).toEqual([{ id: a.roleIds.qa, tenantId: a.id }]);
    // In the tenant, all of its roles; another tenant's never.
    const inTenant = await withTenant(a.id, (tx) => tx.select({ tenantId: roles.tenantId }).from(roles), { userId: user.id });
    expect(new Set(inTenant.map((r) => r.tenantId))).toEqual(new Set([a.id]));
    expect(inTenant.length).toBeGreaterThanOrEqual(5);
  });

  // drizzle/0043: the roles policy names the person's memberships, so "your tenants" (every console page's tenant
  // switcher, GET /api/v1/me) reads member_roles by index, not every tenant's rows whole.
  it("plans a person's roles in user scope by index, however many other people hold roles", async () => {
    const db = await getDb();
    const marker = `crowd-${Date.now()}`;
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`); // bulk rows: no seat or audit triggers
      await tx.execute(sql`
        with t as (insert into tenants (slug, name, plan_id) values (${marker}, 'Crowd', 'enterprise') returning id)
        , r as (insert into roles (tenant_id, name) select id, 'member' from t returning id, tenant_id)
        , u as (insert into users (email, name) select ${marker} || g || '@test.custos', 'Crowd ' || g from generate_series(1, 3000) g returning id)
        , m as (insert into memberships (tenant_id, user_id) select r.tenant_id, u.id from r, u returning id, tenant_id)
        insert into member_roles (tenant_id, membership_id, role_id) select m.tenant_id, m.id, r.id from m, r`);
    });
    try {
      await db.execute(sql`analyze member_roles`);
      await db.execute(sql`analyze memberships`);
      await db.execute(sql`analyze roles`);
      const user = a.users.viewer;
      const scans = await withTenant(
        null,
        (tx) =>
          plannedScans(
            tx,
            sql`select t.slug, r.name from memberships m join tenants t on t.id = m.tenant_id
                  left join member_roles mr on mr.membership_id = m.id left join roles r on r.id = mr.role_id
                 where m.user_id = ${user.id}`,
          ),
        { userId: user.id },
      );
      expect(scans.filter((scan) => scan.endsWith(' on member_roles'))).not.toEqual([]);
      expect(scans.filter((scan) => /^Seq Scan on (member_roles|memberships)$/.test(scan))).toEqual([]);
    } finally {
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from member_roles where tenant_id in (select id from tenants where slug = ${marker})`);
        await tx.execute(sql`delete from memberships where tenant_id in (select id from tenants where slug = ${marker})`);
        await tx.execute(sql`delete from roles where tenant_id in (select id from tenants where slug = ${marker})`);
        await tx.execute(sql`delete from tenants where slug = ${marker}`);
        await tx.execute(sql`delete from users where email like ${marker + '%'}`);
      });
    }
  });

  it('keeps password hashes away from the runtime role', async () => {
    expect(await dbErrorOf(withTenant(a.id, (tx) => tx.execute(sql`select password_hash from users limit 1`)))).toMatch(
      /permission denied/,
    );
  });

  it('has FORCE row-level security and a policy on every table with a tenant_id column', async () => {
    const db = await getDb();
    const rows = rowsOf<{ table: string; rls: boolean; forced: boolean; policies: number }>(
      await db.execute(sql`
        select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
               (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        order by 1`),
    );
    expect(rows.map((r) => r.table)).toEqual(
      expect.arrayContaining(['audit_events', 'member_roles', 'memberships', 'role_permissions', 'roles']),
    );
    for (const row of rows) {
      expect(row, row.table).toMatchObject({ rls: true, forced: true });
      expect(row.policies, row.table).toBeGreaterThan(0);
    }
  });
});

describe('platform audit trail under row-level security', () => {
  it('lets a non-superuser owner-like role write and read platform events, and never the runtime role', async () => {
    // custos_platform_probe (made by tests/support/global-setup.ts): no superuser, no BYPASSRLS.
    const db = await getDb();
    const action = `probe.${Date.now()}`;
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local role custos_platform_probe`);
      await tx.insert(auditEvents).values({ tenantId: null, actorType: 'system', action });
      const seen = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_events where action = ${action}`));
      expect(Number(seen[0].n)).toBe(1);
    });
    expect(
      await dbErrorOf(
        withTenant(null, (tx) => tx.insert(auditEvents).values({ tenantId: null, actorType: 'system', action: 'forged.platform' })),
      ),
    ).toMatch(/row-level security/);
    const hidden = await withTenant(a.id, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_events where tenant_id is null`)),
    );
    expect(Number(hidden[0].n)).toBe(0);
  });
});
