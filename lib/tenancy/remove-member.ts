import { and, eq } from 'drizzle-orm';
import { memberOverrides, memberRoles, memberships, teamMembers } from '@/db/schema';
import { assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { loadActiveMember } from './members';
import { memberParamsSchema } from './member-schemas';

/**
 * Remove a member (active or suspended): the membership is marked `removed` and loses its roles, teams and overrides, so its
 * sessions, tokens and API keys stop reaching the tenant on their next request. Needs members.remove; only a
 * member within the actor's power (403; leaving yourself is allowed); the last full admin stays (409).
 */
export async function removeMember(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'members.remove');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const tenantId = ctx.tenant.id;
  const before = await loadActiveMember(ctx.db, tenantId, membershipId);
  await assertMayManageMembers(ctx, [membershipId], { allowSelf: true });
  const overrides = await ctx.db
    .select({ permission: memberOverrides.permission, effect: memberOverrides.effect })
    .from(memberOverrides)
    .where(eq(memberOverrides.membershipId, membershipId));
  await keepingAFullAdmin(ctx, async () => {
    await ctx.db.delete(memberRoles).where(eq(memberRoles.membershipId, membershipId));
    await ctx.db.delete(teamMembers).where(eq(teamMembers.membershipId, membershipId));
    await ctx.db.delete(memberOverrides).where(eq(memberOverrides.membershipId, membershipId));
    await ctx.db
      .update(memberships)
      .set({ status: 'removed' })
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)));
  });
  const grant = overrides
    .filter((o) => o.effect === 'grant')
    .map((o) => o.permission)
    .sort();
  const deny = overrides
    .filter((o) => o.effect === 'deny')
    .map((o) => o.permission)
    .sort();
  await recordAudit(ctx, {
    action: 'member.removed',
    targetType: 'member',
    targetId: membershipId,
    before: {
      userId: before.user.id,
      email: before.user.email,
      status: before.status,
      roles: before.roles.map((r) => r.name).sort(),
      teams: before.teams.map((t) => t.name).sort(),
      overrides: { grant, deny },
    },
    after: {
      userId: before.user.id,
      email: before.user.email,
      status: 'removed',
      roles: [],
      teams: [],
      overrides: { grant: [], deny: [] },
    },
  });
}
