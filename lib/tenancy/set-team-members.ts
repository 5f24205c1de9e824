import type { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { memberships, teamMembers } from '@/db/schema';
import { assertMayGive, assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { setTeamMembersSchema, type TeamMemberView } from './team-schemas';
import { loadTeam, describeMember, rolesPermissions } from './team-queries';

/** Replace the team's members. Adding people gives them the team's roles: the actor must hold those permissions. */
export async function setTeamMembers(
  ctx: TenantContext,
  id: string,
  input: z.input<typeof setTeamMembersSchema>,
): Promise<{ data: TeamMemberView[] }> {
  requirePermission(ctx, 'teams.manage');
  const { membershipIds } = parseInput(setTeamMembersSchema, input);
  const before = await loadTeam(ctx.db, ctx.tenant.id, id);
  if (membershipIds.length > 0) {
    const found = await ctx.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(
          eq(memberships.tenantId, ctx.tenant.id),
          // A suspended member keeps their teams: a list naming them keeps them in.
          inArray(memberships.status, ['active', 'suspended']),
          inArray(memberships.id, membershipIds),
        ),
      );
    const known = new Set(found.map((m) => m.id));
    const errors = membershipIds.flatMap((m, i) =>
      known.has(m) ? [] : [{ path: `membershipIds.${i}`, message: 'No such active member in this tenant.' }],
    );
    if (errors.length > 0) throw validationFailed(errors);
  }
  const current = new Set(before.members.map((m) => m.membershipId));
  const added = membershipIds.filter((m) => !current.has(m));
  const removed = [...current].filter((m) => !membershipIds.includes(m));
  if (added.length > 0) {
    // Putting others into a team appoints them; putting yourself in is held to what you already hold.
    const appointingOther = !added.includes(ctx.membershipId ?? '');
    assertMayGive(
      ctx,
      await rolesPermissions(
        ctx,
        before.roles.map((r) => r.id),
      ),
      { appointingOther },
    );
  }
  await assertMayManageMembers(ctx, [...added, ...removed], { allowSelf: true, describe: describeMember(before) });
  await keepingAFullAdmin(ctx, async () => {
    // Rows of removed memberships are dropped too: the list is replaced.
    await ctx.db.delete(teamMembers).where(eq(teamMembers.teamId, id));
    if (membershipIds.length > 0) {
      await ctx.db.insert(teamMembers).values(membershipIds.map((membershipId) => ({ tenantId: ctx.tenant.id, teamId: id, membershipId })));
    }
  });
  const after = await loadTeam(ctx.db, ctx.tenant.id, id);
  await recordAudit(ctx, {
    action: 'team.members_updated',
    targetType: 'team',
    targetId: id,
    before: { members: before.members.map((m) => m.membershipId).sort() },
    after: { members: after.members.map((m) => m.membershipId).sort() },
  });
  return { data: after.members };
}
