import { eq, sql } from 'drizzle-orm';
import { memberRoles, roles, teamRoles } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { requirePermission } from './require-permission';
import { loadRole } from './role-queries';

export async function deleteRole(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'roles.manage');
  const before = await loadRole(ctx.db, ctx.tenant.id, id);
  if (before.isDefault) throw conflict(`The default role ${before.name} cannot be deleted.`);
  const [held] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberRoles)
    .where(eq(memberRoles.roleId, id));
  const [onTeams] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(teamRoles)
    .where(eq(teamRoles.roleId, id));
  if (Number(held.n) > 0 || Number(onTeams.n) > 0) {
    throw conflict(
      `The role ${before.name} is assigned to ${Number(held.n)} member(s) and ${Number(onTeams.n)} team(s); unassign it first.`,
    );
  }
  await ctx.db.delete(roles).where(eq(roles.id, id));
  await recordAudit(ctx, {
    action: 'role.deleted',
    targetType: 'role',
    targetId: id,
    before: { name: before.name, description: before.description, system: before.system?.slug ?? null, permissions: before.permissions },
    after: null,
  });
}
