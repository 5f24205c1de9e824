import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { newEndpointSecret, sealEndpointSecret } from '../endpoint-secret';
import { previousSecretExpiry } from '../policy';
import { endpointById, endpointView, lastDeliveries } from './queries';
import type { WebhookEndpointWithSecret } from './schemas';

/**
 * `POST /api/v1/tenants/{tenant}/webhooks/{id}/secret`: a new signing secret, in this answer only. The secret it
 * replaces keeps signing beside it for 24 hours (deliveries carry two `v1,` signatures), so the receiver can switch
 * over; rotating again within those hours drops the older one and keeps the one just replaced. Needs
 * `webhooks.manage`; audited as `webhook_endpoint.secret_rotated`, without either secret.
 */
export async function rotateWebhookEndpointSecret(ctx: TenantContext, id: string): Promise<WebhookEndpointWithSecret> {
  requirePermission(ctx, 'webhooks.manage');
  const row = await endpointById(ctx.db, ctx.tenant.id, id, { lock: true });
  const secret = newEndpointSecret();
  const at = now();
  const previousExpiresAt = previousSecretExpiry(at);
  const [after] = await ctx.db
    .update(webhookEndpoints)
    .set({
      secretSealed: sealEndpointSecret(secret, row.id),
      previousSecretSealed: row.secretSealed,
      previousSecretExpiresAt: previousExpiresAt,
      updatedAt: at,
    })
    .where(eq(webhookEndpoints.id, row.id))
    .returning();
  await recordAudit(ctx, {
    action: 'webhook_endpoint.secret_rotated',
    targetType: 'webhook_endpoint',
    targetId: row.id,
    before: null,
    after: { url: row.url, previousSecretValidUntil: previousExpiresAt.toISOString() },
  });
  const last = await lastDeliveries(ctx.db, ctx.tenant.id, [after.id]);
  return { ...endpointView(after, last.get(after.id) ?? null), secret };
}
