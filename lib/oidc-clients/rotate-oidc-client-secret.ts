import { eq } from 'drizzle-orm';
import { oidcClients } from '@/db/schema/oidc';
import { requirePermission } from '@/lib/access/require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { newClientSecret, sealClientSecret } from './client-secret';
import { clientOfSystem, clientView, systemBySlug } from './client-queries';
import type { OidcClientWithSecret } from './schemas';

/**
 * `POST …/systems/{slug}/clients/{clientId}/secret`: give a confidential client a new secret, in this answer only.
 * The old secret stops working at once (the provider compares one secret per client). A public client has no
 * secret: 409. Needs `systems.manage` and a recent second factor from a person who has one; audited as `oidc_client.secret_rotated`, without either secret.
 */
export async function rotateOidcClientSecret(ctx: TenantContext, slug: string, clientId: string): Promise<OidcClientWithSecret> {
  requirePermission(ctx, 'systems.manage');
  await requireRecentSecondFactor(ctx); // step-up, as for creating the client
  const system = await systemBySlug(ctx.db, ctx.tenant.id, slug);
  const row = await clientOfSystem(ctx.db, ctx.tenant.id, system.id, clientId, { lock: true });
  if (row.type !== 'confidential') throw conflict('A public client has no secret to rotate: it proves itself with PKCE.');
  const secret = newClientSecret();
  const at = now();
  const [after] = await ctx.db
    .update(oidcClients)
    .set({ secretSealed: sealClientSecret(secret, row.id), secretRotatedAt: at, updatedAt: at })
    .where(eq(oidcClients.id, row.id))
    .returning();
  await recordAudit(ctx, {
    action: 'oidc_client.secret_rotated',
    targetType: 'oidc_client',
    targetId: row.id,
    before: null,
    after: { name: row.name, clientId: row.clientId, system: system.slug, rotatedAt: at.toISOString() },
  });
  return { ...clientView(after), clientSecret: secret };
}
