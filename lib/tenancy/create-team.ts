import type { z } from 'zod';
import { teamRoles, teams } from '@/db/schema';
import { assertMayGive } from '@/lib/access/member-guards';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { requirePermission } from '@/lib/access/require-permission';
import { resolveRoleRefs } from '@/lib/access/resolve-role-refs';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { createTeamSchema, type TeamView } from './team-schemas';
import { loadTeam, snapshot, rolesPermissions, assertNameFree } from './team-queries';

export async function createTeam(ctx: TenantContext, input: z.input<typeof createTeamSchema>): Promise<TeamView> {
  requirePermission(ctx, 'teams.manage');
  const data = parseInput(createTeamSchema, input);
  const roleIds = await resolveRoleRefs(ctx.db, ctx.tenant.id, data.roleIds ?? [], 'roleIds');
  assertMayGive(ctx, await rolesPermissions(ctx, roleIds));
  await assertNameFree(ctx, data.name);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(teams)
      .values({ tenantId: ctx.tenant.id, name: data.name, description: data.description ?? null })
      .returning({ id: teams.id }),
    `A team named ${data.name} already exists.`,
  );
  if (roleIds.length > 0) {
    await ctx.db.insert(teamRoles).values(roleIds.map((roleId) => ({ tenantId: ctx.tenant.id, teamId: row.id, roleId })));
  }
  const created = await loadTeam(ctx.db, ctx.tenant.id, row.id);
  await recordAudit(ctx, { action: 'team.created', targetType: 'team', targetId: row.id, before: null, after: snapshot(created) });
  return created;
}
