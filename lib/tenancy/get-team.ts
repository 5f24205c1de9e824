import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import type { TeamView } from './team-schemas';
import { loadTeam } from './team-queries';

export async function getTeam(ctx: TenantContext, id: string): Promise<TeamView> {
  requirePermission(ctx, 'teams.read');
  return loadTeam(ctx.db, ctx.tenant.id, id);
}
