import { eq } from 'drizzle-orm';
import { oidcClients } from '@/db/schema/oidc';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { allowHttpRedirects, auditSnapshot, clientOfSystem, clientView, systemBySlug } from './client-queries';
import { clientSettingsErrors, distinctUris } from './policy';
import { updateOidcClientSchema, type OidcClientView, type UpdateOidcClientInput } from './schemas';

/**
 * `PATCH …/systems/{slug}/clients/{clientId}`: change a client's name, redirect URIs, grants or first-party flag
 * (never its type: a public client turned confidential would need a secret its app was never given). The rules run
 * on the client as it would be after the change. Needs `systems.manage`; audited as `oidc_client.updated`.
 */
export async function updateOidcClient(
  ctx: TenantContext,
  slug: string,
  clientId: string,
  input: UpdateOidcClientInput,
): Promise<OidcClientView> {
  requirePermission(ctx, 'systems.manage');
  const data = parseInput(updateOidcClientSchema, input);
  const system = await systemBySlug(ctx.db, ctx.tenant.id, slug);
  const before = await clientOfSystem(ctx.db, ctx.tenant.id, system.id, clientId, { lock: true });
  const settings = {
    type: before.type,
    redirectUris: data.redirectUris ? distinctUris(data.redirectUris) : before.redirectUris,
    postLogoutRedirectUris: data.postLogoutRedirectUris ? distinctUris(data.postLogoutRedirectUris) : before.postLogoutRedirectUris,
    grantTypes: data.grantTypes ? [...new Set(data.grantTypes)] : before.grantTypes,
  };
  const errors = clientSettingsErrors(settings, allowHttpRedirects());
  if (errors.length > 0) throw validationFailed(errors);
  const [after] = await ctx.db
    .update(oidcClients)
    .set({
      name: data.name ?? before.name,
      redirectUris: settings.redirectUris,
      postLogoutRedirectUris: settings.postLogoutRedirectUris,
      grantTypes: settings.grantTypes,
      firstParty: data.firstParty ?? before.firstParty,
      updatedAt: now(),
    })
    .where(eq(oidcClients.id, before.id))
    .returning();
  const beforeSnapshot = auditSnapshot(before, system.slug);
  const afterSnapshot = auditSnapshot(after, system.slug);
  if (JSON.stringify(beforeSnapshot) !== JSON.stringify(afterSnapshot)) {
    // The name is kept on both sides even when unchanged, so the trail can say which client changed.
    await recordAudit(ctx, {
      action: 'oidc_client.updated',
      targetType: 'oidc_client',
      targetId: before.id,
      before: beforeSnapshot,
      after: afterSnapshot,
    });
  }
  return clientView(after);
}
