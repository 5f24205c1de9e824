import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, memberRoles, memberships, rolePermissions, roles, tenants } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
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
