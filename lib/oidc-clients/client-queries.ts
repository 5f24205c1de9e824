import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { systems } from '@/db/schema/access';
import { oidcClients } from '@/db/schema/oidc';
import { notFound } from '@/lib/errors';
import { env } from '@/lib/platform/env';
import type { OidcClientView } from './schemas';

/** The loaders the client operations share. `tx` is a tenant transaction (row-level security shows one tenant). */

export type ClientRow = typeof oidcClients.$inferSelect;

/** The system a client path names, or 404 (another tenant's slug too). */
export async function systemBySlug(
  tx: Tx,
  tenantId: string,
  slug: string,
): Promise<{ id: string; slug: string; name: string; active: boolean }> {
  const [row] = await tx
    .select({ id: systems.id, slug: systems.slug, name: systems.name, active: systems.active })
    .from(systems)
    .where(and(eq(systems.tenantId, tenantId), eq(systems.slug, slug)))
    .limit(1);
  if (!row) throw notFound('system');
  return row;
}

/** A client of the system by its public id, or 404 (a client of another system or tenant too). */
export async function clientOfSystem(
  tx: Tx,
  tenantId: string,
  systemId: string,
  clientId: string,
  options: { lock?: boolean } = {},
): Promise<ClientRow> {
  const query = tx
    .select()
    .from(oidcClients)
    .where(and(eq(oidcClients.tenantId, tenantId), eq(oidcClients.systemId, systemId), eq(oidcClients.clientId, clientId)))
    .limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('OpenID client');
  return row;
}

/** A client as the API shows it: never the secret, sealed or not. */
export function clientView(row: ClientRow): OidcClientView {
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    type: row.type,
    redirectUris: row.redirectUris,
    postLogoutRedirectUris: row.postLogoutRedirectUris,
    grantTypes: row.grantTypes,
    firstParty: row.firstParty,
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: row.secretRotatedAt ? row.secretRotatedAt.toISOString() : null,
  };
}

/** What the trail keeps of a client: its settings and public id, never a secret (nor when it was made: the key reads as one). */
export function auditSnapshot(row: ClientRow, systemSlug: string): Record<string, unknown> {
  return {
    name: row.name,
    clientId: row.clientId,
    system: systemSlug,
    type: row.type,
    redirectUris: row.redirectUris,
    postLogoutRedirectUris: row.postLogoutRedirectUris,
    grantTypes: row.grantTypes,
    firstParty: row.firstParty,
  };
}

/** http:// redirect URIs beyond loopback only in test set-ups, as for the tenant's own identity providers. */
export const allowHttpRedirects = () => env().SSO_ALLOW_HTTP === '1';
