import { eq } from 'drizzle-orm';
import { teams } from '@/db/schema';
import { assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { loadTeam, memberIds, describeMember, snapshot } from './team-queries';

export async function deleteTeam(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'teams.manage');
  const before = await loadTeam(ctx.db, ctx.tenant.id, id);
  await assertMayManageMembers(ctx, memberIds(before), { allowSelf: true, describe: describeMember(before) });
  await keepingAFullAdmin(ctx, () => ctx.db.delete(teams).where(eq(teams.id, id))); // team_members and team_roles go with it
  await recordAudit(ctx, {
    action: 'team.deleted',
    targetType: 'team',
    targetId: id,
    before: { ...snapshot(before), members: before.members.map((m) => m.user.email).sort() },
    after: null,
  });
}
