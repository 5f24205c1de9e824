import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '@/db/schema/webhooks';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed, type FieldError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { endpointUrlProblem, eventPatternErrors, normalizePatterns } from '../policy';
import { auditSnapshot, endpointById, endpointView, lastDeliveries, urlRules } from './queries';
import { updateWebhookEndpointSchema, type UpdateWebhookEndpointInput, type WebhookEndpointView } from './schemas';

/**
 * `PATCH /api/v1/tenants/{tenant}/webhooks/{id}`: change an endpoint's URL, description, events, format, or switch
 * it on or off. Switching it on again (also after Custos switched it off for failing) clears the failure record, so
 * the five days start over. Needs `webhooks.manage`; audited as `webhook_endpoint.updated` when something changed.
 */
export async function updateWebhookEndpoint(
  ctx: TenantContext,
  id: string,
  input: UpdateWebhookEndpointInput,
): Promise<WebhookEndpointView> {
  requirePermission(ctx, 'webhooks.manage');
  const data = parseInput(updateWebhookEndpointSchema, input);
  const errors: FieldError[] = [];
  if (data.url !== undefined) {
    const problem = endpointUrlProblem(data.url, urlRules());
    if (problem) errors.push({ path: 'url', message: problem });
  }
  if (data.events !== undefined) errors.push(...eventPatternErrors(data.events));
  if (errors.length > 0) throw validationFailed(errors);

  const before = await endpointById(ctx.db, ctx.tenant.id, id, { lock: true });
  const at = now();
  const enabled = data.enabled ?? before.enabled;
  const switchedOn = enabled && !before.enabled;
  const switchedOff = !enabled && before.enabled;
  const [after] = await ctx.db
    .update(webhookEndpoints)
    .set({
      url: data.url ?? before.url,
      description: data.description ?? before.description,
      format: data.format ?? before.format,
      eventTypes: data.events ? normalizePatterns(data.events) : before.eventTypes,
      enabled,
      ...(switchedOn ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
      ...(switchedOff ? { disabledReason: 'manual' as const, disabledAt: at } : {}),
      updatedAt: at,
    })
    .where(eq(webhookEndpoints.id, before.id))
    .returning();
  const beforeSnapshot = auditSnapshot(before);
  const afterSnapshot = auditSnapshot(after);
  if (JSON.stringify(beforeSnapshot) !== JSON.stringify(afterSnapshot)) {
    await recordAudit(ctx, {
      action: 'webhook_endpoint.updated',
      targetType: 'webhook_endpoint',
      targetId: before.id,
      // The URL stays on both sides, so the trail can say which endpoint changed.
      before: { ...beforeSnapshot, url: before.url },
      after: { ...afterSnapshot, url: after.url },
    });
  }
  const last = await lastDeliveries(ctx.db, ctx.tenant.id, [after.id]);
  return endpointView(after, last.get(after.id) ?? null);
}
