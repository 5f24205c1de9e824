import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import type { TeamMemberView } from './team-schemas';
import { loadTeam } from './team-queries';

export async function listTeamMembers(ctx: TenantContext, id: string): Promise<{ data: TeamMemberView[] }> {
  requirePermission(ctx, 'teams.read');
  return { data: (await loadTeam(ctx.db, ctx.tenant.id, id)).members };
}
