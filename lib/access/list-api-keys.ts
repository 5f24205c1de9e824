import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { apiKeys, users } from '@/db/schema';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { apiKeyListQuerySchema, type ApiKeyList, type ApiKeyStatus } from './api-key-schemas';
import { apiKeyView } from './api-key-view';
import { requirePermission } from './require-permission';

/**
 * `GET /api/v1/tenants/{tenant}/api-keys`: the tenant's keys, newest first, revoked and expired ones
 * included (with their status; `?status=` filters). Needs `api_keys.read`. Never the secret nor its hash.
 */
export async function listApiKeys(ctx: TenantContext, input: unknown = {}): Promise<ApiKeyList> {
  requirePermission(ctx, 'api_keys.read');
  const { limit, cursor, status } = parseInput(apiKeyListQuerySchema, input);
  const after = decodeKeyCursor(cursor);
  const at = now();
  const rows = await ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      permissions: apiKeys.permissions,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      creatorId: users.id,
      creatorName: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(
      and(
        eq(apiKeys.tenantId, ctx.tenant.id),
        after
          ? or(lt(apiKeys.createdAt, after.createdAt), and(eq(apiKeys.createdAt, after.createdAt), lt(apiKeys.id, after.id)))
          : undefined,
        status ? statusFilter(status, at) : undefined,
      ),
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => apiKeyView(row, at)),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url') : null,
  };
}

function statusFilter(status: ApiKeyStatus, at: Date): SQL | undefined {
  if (status === 'revoked') return isNotNull(apiKeys.revokedAt);
  if (status === 'expired') return and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, at));
  return and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, at)));
}

function decodeKeyCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const createdAt = new Date(value[0]);
      if (!Number.isNaN(createdAt.getTime()) && /^[0-9a-f-]{36}$/i.test(value[1])) return { createdAt, id: value[1] };
    }
  } catch {
    // fall through
  }
  throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list.' }], 'Invalid query.');
}
