import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { oidcClients } from '@/db/schema/oidc';
import { actingUserId } from '@/lib/acting-person';
import { requirePermission } from '@/lib/access/require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { newClientId, newClientSecret, sealClientSecret } from './client-secret';
import { allowHttpRedirects, auditSnapshot, clientView, systemBySlug } from './client-queries';
import { clientSettingsErrors, defaultGrantTypes, distinctUris, MAX_CLIENTS_PER_SYSTEM } from './policy';
import { createOidcClientSchema, type CreateOidcClientInput, type OidcClientWithSecret } from './schemas';

/**
 * `POST …/systems/{slug}/clients`: register an OpenID client of the system. Needs `systems.manage`. A confidential
 * client gets a secret, in this answer only (sealed at rest, lib/oidc-clients/client-secret.ts); a public client
 * none. A person with a second factor must have used it in the last 10 minutes (403 `mfa_required`: the console
 * asks for it and retries). An inactive system may get clients (set it up before switching it on); the provider refuses them until the
 * system is active. Audited as `oidc_client.created`, without the secret.
 */
export async function createOidcClient(ctx: TenantContext, slug: string, input: CreateOidcClientInput): Promise<OidcClientWithSecret> {
  requirePermission(ctx, 'systems.manage');
  const data = parseInput(createOidcClientSchema, input);
  const settings = {
    type: data.type,
    redirectUris: distinctUris(data.redirectUris),
    postLogoutRedirectUris: distinctUris(data.postLogoutRedirectUris ?? []),
    grantTypes: data.grantTypes ? [...new Set(data.grantTypes)] : defaultGrantTypes(data.type),
  };
  const errors = clientSettingsErrors(settings, allowHttpRedirects());
  if (errors.length > 0) throw validationFailed(errors);
  // Step-up, as for API keys and SCIM tokens: a client secret lets a system act in the tenant's name.
  await requireRecentSecondFactor(ctx);
  const system = await systemBySlug(ctx.db, ctx.tenant.id, slug);
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(oidcClients)
    .where(and(eq(oidcClients.tenantId, ctx.tenant.id), eq(oidcClients.systemId, system.id)));
  if (n >= MAX_CLIENTS_PER_SYSTEM)
    throw conflict(`A system has at most ${MAX_CLIENTS_PER_SYSTEM} OpenID clients; delete one it no longer uses.`);

  // The row id is the secret's additional data, so it is chosen here rather than by the database.
  const id = randomUUID();
  const secret = settings.type === 'confidential' ? newClientSecret() : null;
  const at = now();
  const [row] = await ctx.db
    .insert(oidcClients)
    .values({
      id,
      tenantId: ctx.tenant.id,
      systemId: system.id,
      clientId: newClientId(),
      name: data.name,
      ...settings,
      firstParty: data.firstParty ?? true,
      secretSealed: secret ? sealClientSecret(secret, id) : null,
      secretRotatedAt: secret ? at : null,
      createdBy: actingUserId(ctx.actor),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await recordAudit(ctx, {
    action: 'oidc_client.created',
    targetType: 'oidc_client',
    targetId: row.id,
    before: null,
    after: auditSnapshot(row, system.slug),
  });
  return { ...clientView(row), clientSecret: secret };
}
