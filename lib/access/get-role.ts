import type { TenantContext } from '@/lib/context';
import { requirePermission } from './require-permission';
import type { RoleView } from './role-schemas';
import { strip, loadRole } from './role-queries';

export async function getRole(ctx: TenantContext, id: string): Promise<RoleView> {
  requirePermission(ctx, 'roles.read');
  return strip(await loadRole(ctx.db, ctx.tenant.id, id));
}
