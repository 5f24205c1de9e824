import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadConnection, selectConnections } from './connection-queries';
import type { SsoConnectionView } from './types';

/** The tenant's SSO connections, by name. Needs tenant.update (they are part of the tenant's settings). */
export async function listSsoConnections(ctx: TenantContext): Promise<{ items: SsoConnectionView[] }> {
  requirePermission(ctx, 'tenant.update');
  return { items: await selectConnections(ctx.db, ctx.tenant) };
}

/** One connection of the tenant (404 for another tenant's or an unknown id). Needs tenant.update. */
export async function getSsoConnection(ctx: TenantContext, id: string): Promise<SsoConnectionView> {
  requirePermission(ctx, 'tenant.update');
  return (await loadConnection(ctx.db, ctx.tenant, id)).view;
}
