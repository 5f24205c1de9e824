import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { auditSnapshot, endpointById } from './queries';

/**
 * `DELETE /api/v1/tenants/{tenant}/webhooks/{id}`: remove an endpoint with its deliveries and their log (the events
 * stay: other endpoints may have received them). Needs `webhooks.manage`; audited as `webhook_endpoint.deleted`.
 */
export async function deleteWebhookEndpoint(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'webhooks.manage');
  const row = await endpointById(ctx.db, ctx.tenant.id, id, { lock: true });
  await ctx.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
  await recordAudit(ctx, {
    action: 'webhook_endpoint.deleted',
    targetType: 'webhook_endpoint',
    targetId: row.id,
    before: auditSnapshot(row),
    after: null,
  });
}
