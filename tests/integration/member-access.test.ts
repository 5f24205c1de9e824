import { beforeAll, describe, expect, it } from 'vitest';
import { memberOverrides, teamMembers, teamRoles, teams } from '@/db/schema';
import { explain } from '@/lib/access/evaluate';
import { loadMemberAccess } from '@/lib/access/member-access';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, createUserWithSession, type TestTenant } from '../support/fixtures';

// Effective access straight from the database: roles, team roles, direct grants, explicit denies.
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const load = (tenant: TestTenant, userId: string) => withTenant(tenant.id, (tx) => loadMemberAccess(tx, tenant.id, userId));

describe('loadMemberAccess', () => {
  it('gives a member the permissions of their roles', async () => {
    const viewer = await load(t, t.users.viewer.id);
    expect(viewer?.roles).toEqual(['viewer']);
    expect([...viewer!.permissions].sort()).toEqual(['batches.read', 'inspections.read', 'serials.read', 'sites.read']);
  });

  it('adds team roles and grants, and lets a deny win over all of them', async () => {
    const member = (await load(t, t.users.operator.id))!;
    await withTenant(t.id, async (tx) => {
      const [team] = await tx.insert(teams).values({ tenantId: t.id, name: 'Release crew' }).returning();
      await tx.insert(teamRoles).values({ tenantId: t.id, teamId: team.id, roleId: t.roleIds.qa });
      await tx.insert(teamMembers).values({ tenantId: t.id, teamId: team.id, membershipId: member.membershipId });
      await tx.insert(memberOverrides).values([
        { tenantId: t.id, membershipId: member.membershipId, permission: 'audit.read', effect: 'grant' },
        { tenantId: t.id, membershipId: member.membershipId, permission: 'batches.release', effect: 'deny' },
      ]);
    });
    const after = (await load(t, t.users.operator.id))!;
    expect(after.roles).toEqual(['operator']);
    expect(after.permissions.has('inspections.approve')).toBe(true); // from the team's qa role
    expect(explain(after.access, 'inspections.approve').reason).toBe('team:Release crew');
    expect(explain(after.access, 'audit.read').reason).toBe('grant');
    expect(after.permissions.has('batches.release')).toBe(false); // qa grants it, the deny wins
    expect(explain(after.access, 'batches.release').reason).toBe('deny');
    expect(explain(after.access, 'tenant.delete').reason).toBe('default_deny');
  });

  it('is null for a non-member and for a member of another tenant', async () => {
    const loner = await createUserWithSession('loner');
    expect(await load(t, loner.id)).toBeNull();
    expect(await load(t, other.users.admin.id)).toBeNull();
  });
});
