import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Tx } from '@/db/client';
import {
  memberOverrides,
  memberRoles,
  memberships,
  rolePermissions,
  roles,
  systems,
  teamMembers,
  teamRoles,
  teams,
  tenants,
  users,
} from '@/db/schema';
import { findSystemForTokens, loadSystemAccess, type SystemForTokens } from '@/lib/access/system-access';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

// A member's access as one downstream system sees it (what its tokens carry), straight from the database.
let t: TestTenant;
let ims: SystemForTokens;
let tts: SystemForTokens;

const membershipIn = async (tx: Tx, tenantId: string, userId: string) => {
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return row.id;
};
const membershipOf = (tenantId: string, userId: string) => withTenant(tenantId, (tx) => membershipIn(tx, tenantId, userId));

const load = (userId: string, system: SystemForTokens, tenant = t) =>
  withTenant(tenant.id, (tx) => loadSystemAccess(tx, tenant.id, userId, system));

beforeAll(async () => {
  t = await createTenantWithMembers();
  const slugIms = `ims-${unique()}`;
  const slugTts = `tts-${unique()}`;
  await withTenant(t.id, async (tx) => {
    const [a] = await tx
      .insert(systems)
      .values({ tenantId: t.id, slug: slugIms, name: 'IMS', permissions: [`${slugIms}:stock.adjust`, `${slugIms}:stock.read`] })
      .returning();
    const [b] = await tx
      .insert(systems)
      .values({ tenantId: t.id, slug: slugTts, name: 'TTS', permissions: [`${slugTts}:events.read`] })
      .returning();
    ims = { id: a.id, slug: a.slug, active: a.active };
    tts = { id: b.id, slug: b.slug, active: b.active };
    const [stockAdmin, stockReader, tracer, emptyTeamRole] = await tx
      .insert(roles)
      .values([
        { tenantId: t.id, name: `IMS stock admin ${unique()}`, systemId: a.id },
        { tenantId: t.id, name: `IMS reader ${unique()}`, systemId: a.id },
        { tenantId: t.id, name: `TTS tracer ${unique()}`, systemId: b.id },
        { tenantId: t.id, name: `IMS auditor ${unique()}`, systemId: a.id },
      ])
      .returning();
    await tx.insert(rolePermissions).values([
      { tenantId: t.id, roleId: stockAdmin.id, permission: `${slugIms}:stock.adjust` },
      { tenantId: t.id, roleId: stockAdmin.id, permission: `${slugIms}:stock.read` },
      { tenantId: t.id, roleId: stockReader.id, permission: `${slugIms}:stock.read` },
      { tenantId: t.id, roleId: tracer.id, permission: `${slugTts}:events.read` },
    ]);
    const operator = await membershipIn(tx, t.id, t.users.operator.id);
    const qa = await membershipIn(tx, t.id, t.users.qa.id);
    // operator: the IMS admin role directly, TTS through a team; qa: the IMS reader and a permission-less role by team.
    await tx.insert(memberRoles).values({ tenantId: t.id, membershipId: operator, roleId: stockAdmin.id });
    const [tracers, auditors] = await tx
      .insert(teams)
      .values([
        { tenantId: t.id, name: `Tracers ${unique()}` },
        { tenantId: t.id, name: `Auditors ${unique()}` },
      ])
      .returning();
    await tx.insert(teamRoles).values([
      { tenantId: t.id, teamId: tracers.id, roleId: tracer.id },
      { tenantId: t.id, teamId: auditors.id, roleId: stockReader.id },
      { tenantId: t.id, teamId: auditors.id, roleId: emptyTeamRole.id },
    ]);
    await tx.insert(teamMembers).values([
      { tenantId: t.id, teamId: tracers.id, membershipId: operator },
      { tenantId: t.id, teamId: auditors.id, membershipId: qa },
    ]);
  });
});

describe('loadSystemAccess', () => {
  it("lists only the system's roles (direct and through a team) and its full keys", async () => {
    const operator = await load(t.users.operator.id, ims);
    expect(operator?.roles).toEqual([expect.stringMatching(/^IMS stock admin/)]);
    expect(operator?.permissions).toEqual([`${ims.slug}:stock.adjust`, `${ims.slug}:stock.read`]);
    const traced = await load(t.users.operator.id, tts);
    expect(traced).toEqual({ roles: [expect.stringMatching(/^TTS tracer/)], permissions: [`${tts.slug}:events.read`] });
    const qa = (await load(t.users.qa.id, ims))!;
    // A team's role that grants nothing is still a role they hold.
    expect(qa.roles).toEqual([expect.stringMatching(/^IMS auditor/), expect.stringMatching(/^IMS reader/)]);
    expect(qa.permissions).toEqual([`${ims.slug}:stock.read`]);
    // Custos's own keys (batches.read, …) never leak into a system's view; no system roles → empty, not null.
    expect(await load(t.users.viewer.id, ims)).toEqual({ roles: [], permissions: [] });
  });

  it('lets an explicit deny win over the role that grants the key', async () => {
    const operator = await membershipOf(t.id, t.users.operator.id);
    await withTenant(t.id, (tx) =>
      tx.insert(memberOverrides).values({ tenantId: t.id, membershipId: operator, permission: `${ims.slug}:stock.adjust`, effect: 'deny' }),
    );
    expect((await load(t.users.operator.id, ims))?.permissions).toEqual([`${ims.slug}:stock.read`]);
    await withTenant(t.id, (tx) => tx.delete(memberOverrides).where(eq(memberOverrides.membershipId, operator)));
    expect((await load(t.users.operator.id, ims))?.permissions).toContain(`${ims.slug}:stock.adjust`);
  });

  it('is empty for an inactive system, roles included', async () => {
    expect(await load(t.users.operator.id, { ...ims, active: false })).toEqual({ roles: [], permissions: [] });
  });

  it('is null for a suspended member, a deactivated account, a non-member and a suspended tenant', async () => {
    const other = await createTenantWithMembers();
    expect(await load(other.users.admin.id, ims)).toBeNull();
    const db = await getDb();
    const qa = await membershipOf(t.id, t.users.qa.id);
    await withTenant(t.id, (tx) => tx.update(memberships).set({ status: 'suspended' }).where(eq(memberships.id, qa)));
    expect(await load(t.users.qa.id, ims)).toBeNull();
    await withTenant(t.id, (tx) => tx.update(memberships).set({ status: 'active' }).where(eq(memberships.id, qa)));
    expect(await load(t.users.qa.id, ims)).not.toBeNull();

    await db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, t.users.qa.id));
    expect(await load(t.users.qa.id, ims)).toBeNull();
    await db.update(users).set({ deactivatedAt: null }).where(eq(users.id, t.users.qa.id));

    await db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, t.id));
    expect(await load(t.users.operator.id, ims)).toBeNull();
    await db.update(tenants).set({ status: 'active' }).where(eq(tenants.id, t.id));
    expect(await load(t.users.operator.id, ims)).not.toBeNull();
  });
});

describe('findSystemForTokens', () => {
  it("finds the tenant's system by id, and nothing for another tenant's", async () => {
    expect(await withTenant(t.id, (tx) => findSystemForTokens(tx, t.id, ims.id))).toEqual(ims);
    const other = await createTenantWithMembers();
    expect(await withTenant(other.id, (tx) => findSystemForTokens(tx, other.id, ims.id))).toBeNull();
  });
});
