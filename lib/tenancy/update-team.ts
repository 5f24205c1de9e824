import type { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { teamRoles, teams } from '@/db/schema';
import { assertMayGive, assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { resolveRoleRefs } from '@/lib/access/resolve-role-refs';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { updateTeamSchema, type TeamView } from './team-schemas';
import { loadTeam, memberIds, describeMember, snapshot, rolesPermissions, assertNameFree } from './team-queries';

export async function updateTeam(ctx: TenantContext, id: string, input: z.input<typeof updateTeamSchema>): Promise<TeamView> {
  requirePermission(ctx, 'teams.manage');
  const data = parseInput(updateTeamSchema, input);
  const before = await loadTeam(ctx.db, ctx.tenant.id, id);
  if (data.name !== undefined && data.name !== before.name) await assertNameFree(ctx, data.name, id);
  if (data.roleIds) {
    const roleIds = await resolveRoleRefs(ctx.db, ctx.tenant.id, data.roleIds, 'roleIds');
    const current = new Set(before.roles.map((r) => r.id));
    const added = roleIds.filter((r) => !current.has(r));
    assertMayGive(ctx, await rolesPermissions(ctx, added));
    const removed = [...current].filter((r) => !roleIds.includes(r));
    if (added.length > 0 || removed.length > 0) {
      await assertMayManageMembers(ctx, memberIds(before), { allowSelf: true, describe: describeMember(before) });
      await keepingAFullAdmin(ctx, async () => {
        if (removed.length > 0) await ctx.db.delete(teamRoles).where(and(eq(teamRoles.teamId, id), inArray(teamRoles.roleId, removed)));
        if (added.length > 0) {
          await ctx.db.insert(teamRoles).values(added.map((roleId) => ({ tenantId: ctx.tenant.id, teamId: id, roleId })));
        }
      });
    }
  }
  await ctx.db
    .update(teams)
    .set({
      name: data.name ?? before.name,
      description: data.description === undefined ? before.description : data.description,
      updatedAt: sql`now()`,
    })
    .where(eq(teams.id, id));
  const after = await loadTeam(ctx.db, ctx.tenant.id, id);
  await recordAudit(ctx, { action: 'team.updated', targetType: 'team', targetId: id, before: snapshot(before), after: snapshot(after) });
  return after;
}
