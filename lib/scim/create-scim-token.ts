import { scimTokens } from '@/db/schema';
import { actingUserId } from '@/lib/acting-person';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import type { TenantContext } from '@/lib/context';
import { appUrl } from '@/lib/email/outbox';
import { forbidden } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { SCIM_TOKEN_PERMISSION, scimBaseUrl } from './policy';
import { generateScimToken } from './token-format';
import { createScimTokenSchema, type CreateScimTokenInput, type CreatedScimToken } from './token-schemas';

/**
 * `POST /api/v1/tenants/{tenant}/scim-tokens`: mint a bearer token for the tenant's directory (Entra ID, Okta …) to
 * provision members and teams at /scim/v2/{tenant}. Needs `tenant.update` and, like API keys, a recent second factor
 * (a token provisions and deprovisions anyone). The answer carries the token once; only its SHA-256 is stored, and
 * the audit event (`scim_token.created`) records name and prefix, never the token.
 */
export async function createScimToken(ctx: TenantContext, input: CreateScimTokenInput): Promise<CreatedScimToken> {
  requirePermission(ctx, SCIM_TOKEN_PERMISSION);
  const data = parseInput(createScimTokenSchema, input);
  const creator = actingUserId(ctx.actor);
  if (!creator) throw forbidden('Only a member can create SCIM tokens.');
  await requireRecentSecondFactor(ctx);
  const { token, prefix, hash } = generateScimToken();
  const [row] = await ctx.db
    .insert(scimTokens)
    .values({ tenantId: ctx.tenant.id, name: data.name, prefix, tokenHash: hash, createdBy: creator, createdAt: now() })
    .returning({ id: scimTokens.id, name: scimTokens.name, prefix: scimTokens.prefix, createdAt: scimTokens.createdAt });
  const view = { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString() };
  await recordAudit(ctx, { action: 'scim_token.created', targetType: 'scim_token', targetId: row.id, before: null, after: view });
  return { ...view, token, scimBaseUrl: scimBaseUrl(appUrl('/'), ctx.tenant.slug) };
}
