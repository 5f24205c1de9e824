import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { webhookEndpoints } from '@/db/schema/webhooks';
import { actingUserId } from '@/lib/acting-person';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, validationFailed, type FieldError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { newEndpointSecret, sealEndpointSecret } from '../endpoint-secret';
import { endpointUrlProblem, eventPatternErrors, MAX_ENDPOINTS_PER_TENANT, normalizePatterns } from '../policy';
import { auditSnapshot, endpointView, urlRules } from './queries';
import { createWebhookEndpointSchema, type CreateWebhookEndpointInput, type WebhookEndpointWithSecret } from './schemas';

/**
 * `POST /api/v1/tenants/{tenant}/webhooks`: add an endpoint. Needs `webhooks.manage`. The signing secret is in this
 * answer only (sealed at rest, ../endpoint-secret.ts); Slack and Teams endpoints get one too, unused by their receiver.
 * No step-up: the secret only lets a receiver check that what it got came from Custos, and the events an endpoint
 * receives are chosen by an admin who may read the same facts in the console. At most 20 endpoints per tenant (409).
 * Audited as `webhook_endpoint.created` with the URL, never the secret.
 */
export async function createWebhookEndpoint(ctx: TenantContext, input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
  requirePermission(ctx, 'webhooks.manage');
  const data = parseInput(createWebhookEndpointSchema, input);
  const errors: FieldError[] = [];
  const urlProblem = endpointUrlProblem(data.url, urlRules());
  if (urlProblem) errors.push({ path: 'url', message: urlProblem });
  errors.push(...eventPatternErrors(data.events));
  if (errors.length > 0) throw validationFailed(errors);

  const [{ n }] = await ctx.db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, ctx.tenant.id));
  if (n >= MAX_ENDPOINTS_PER_TENANT)
    throw conflict(`A tenant has at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one it no longer uses.`);

  // The row id binds the sealed secret, so it is chosen here rather than by the database.
  const id = randomUUID();
  const secret = newEndpointSecret();
  const at = now();
  const enabled = data.enabled ?? true;
  const [row] = await ctx.db
    .insert(webhookEndpoints)
    .values({
      id,
      tenantId: ctx.tenant.id,
      url: data.url,
      description: data.description ?? '',
      format: data.format ?? 'standard',
      eventTypes: normalizePatterns(data.events),
      enabled,
      disabledReason: enabled ? null : 'manual',
      disabledAt: enabled ? null : at,
      secretSealed: sealEndpointSecret(secret, id),
      createdBy: actingUserId(ctx.actor),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await recordAudit(ctx, {
    action: 'webhook_endpoint.created',
    targetType: 'webhook_endpoint',
    targetId: row.id,
    before: null,
    after: auditSnapshot(row),
  });
  return { ...endpointView(row), secret };
}
