import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { apiKeys, systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { DomainError, validationFailed, type FieldError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { actingUserId } from '@/lib/acting-person';
import { generateApiKey } from './api-key-format';
import { createApiKeySchema, type CreatedApiKey } from './api-key-schemas';
import { isPermission } from './permissions';
import { mayScopeApiKey } from './policy';
import { requirePermission } from './require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';

/**
 * `POST /api/v1/tenants/{tenant}/api-keys`: mint a key acting for the caller. Needs `api_keys.manage`.
 *
 * - Every scope must be a catalog key or a key registered by one of the tenant's systems
 *   (`<slug>:<resource.action>`): otherwise 400 `validation_failed` naming `permissions.<i>`.
 * - No escalation: every scope must be held by the creator now (`mayScopeApiKey`, lib/access/policy.ts): otherwise 403 `forbidden`
 *   naming `permissions.<i>` for each scope the creator lacks.
 * - `expiresAt`, when given, must be in the future (400 naming `expiresAt`).
 *
 * The answer carries the key itself, once; only its SHA-256 is stored, and the audit event
 * (`api_key.created`) records name, prefix, permissions and expiry, never the key.
 */
export async function createApiKey(ctx: TenantContext, input: z.input<typeof createApiKeySchema>): Promise<CreatedApiKey> {
  requirePermission(ctx, 'api_keys.manage');
  const data = parseInput(createApiKeySchema, input);
  await requireRecentSecondFactor(ctx); // step-up: a key acts for its creator, so making one needs a recent second factor
  const at = now();
  const expiresAt = data.expiresAt ? new Date(data.expiresAt) : null;
  const invalid: FieldError[] = [];
  if (expiresAt && expiresAt <= at) invalid.push({ path: 'expiresAt', message: 'Choose a time in the future.' });

  const systemKeys = data.permissions.some((p) => !isPermission(p)) ? await registeredSystemKeys(ctx) : new Set<string>();
  data.permissions.forEach((permission, index) => {
    if (!isPermission(permission) && !systemKeys.has(permission)) {
      invalid.push({ path: `permissions.${index}`, message: `Unknown permission: ${permission}.` });
    }
  });
  if (invalid.length > 0) throw validationFailed(invalid);

  const scopes = mayScopeApiKey(ctx.permissions, data.permissions);
  if (!scopes.allowed) {
    const missing = new Set(scopes.missing);
    throw new DomainError(
      'forbidden',
      403,
      'A key cannot hold permissions you do not hold.',
      data.permissions.flatMap((permission, index) =>
        missing.has(permission) ? [{ path: `permissions.${index}`, message: `You do not hold ${permission}.` }] : [],
      ),
    );
  }

  const creator = actingUserId(ctx.actor);
  if (!creator) throw new DomainError('forbidden', 403, 'Only a member can create API keys.');

  const { key, prefix, hash } = generateApiKey();
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({
      tenantId: ctx.tenant.id,
      name: data.name,
      prefix,
      keyHash: hash,
      createdBy: creator,
      permissions: [...new Set(data.permissions)].sort(),
      expiresAt,
      createdAt: at,
    })
    .returning();
  const view = {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
  await recordAudit(ctx, { action: 'api_key.created', targetType: 'api_key', targetId: row.id, before: null, after: view });
  return { ...view, key };
}

/** Permission keys registered by the tenant's systems, as `<slug>:<resource.action>`. */
async function registeredSystemKeys(ctx: TenantContext): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ slug: systems.slug, permissions: systems.permissions })
    .from(systems)
    .where(eq(systems.tenantId, ctx.tenant.id));
  const keys = new Set<string>();
  for (const system of rows) {
    for (const permission of system.permissions) {
      keys.add(permission.startsWith(`${system.slug}:`) ? permission : `${system.slug}:${permission}`);
    }
  }
  return keys;
}
