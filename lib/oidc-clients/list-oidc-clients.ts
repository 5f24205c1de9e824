import { and, asc, eq } from 'drizzle-orm';
import { oidcClients } from '@/db/schema/oidc';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { clientOfSystem, clientView, systemBySlug } from './client-queries';
import type { OidcClientList, OidcClientView } from './schemas';

/** `GET …/systems/{slug}/clients`: the system's OpenID clients, oldest first, never a secret. Needs `systems.read`. */
export async function listOidcClients(ctx: TenantContext, slug: string): Promise<OidcClientList> {
  requirePermission(ctx, 'systems.read');
  const system = await systemBySlug(ctx.db, ctx.tenant.id, slug);
  const rows = await ctx.db
    .select()
    .from(oidcClients)
    .where(and(eq(oidcClients.tenantId, ctx.tenant.id), eq(oidcClients.systemId, system.id)))
    .orderBy(asc(oidcClients.createdAt), asc(oidcClients.id));
  return { data: rows.map(clientView) };
}

/** `GET …/systems/{slug}/clients/{clientId}`: one client, never its secret. Needs `systems.read`. */
export async function getOidcClient(ctx: TenantContext, slug: string, clientId: string): Promise<OidcClientView> {
  requirePermission(ctx, 'systems.read');
  const system = await systemBySlug(ctx.db, ctx.tenant.id, slug);
  return clientView(await clientOfSystem(ctx.db, ctx.tenant.id, system.id, clientId));
}
