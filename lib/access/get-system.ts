import type { TenantContext } from '@/lib/context';
import { requirePermission } from './require-permission';
import type { SystemView } from './role-schemas';
import { loadSystem } from './system-queries';

export async function getSystem(ctx: TenantContext, slug: string): Promise<SystemView> {
  requirePermission(ctx, 'systems.read');
  return loadSystem(ctx.db, ctx.tenant.id, slug);
}
