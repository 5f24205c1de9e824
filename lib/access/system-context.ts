import { sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { systemOfKey } from './evaluate';

/**
 * The downstream system a request evaluates in: the `X-System-Slug` header (ctx.system, already resolved in the
 * tenant: an unknown slug was 404 `system`) or the body's `system` field. Both given and different: 400 naming
 * `system`, since the caller contradicts itself. null: Custos itself.
 */
export function systemContextSlug(ctx: Pick<TenantContext, 'system'>, bodySystem?: string): string | null {
  const header = ctx.system?.slug ?? null;
  if (header && bodySystem && bodySystem !== header) {
    throw validationFailed([
      { path: 'system', message: `The X-System-Slug header names ${header}; leave system out or make it ${header}.` },
    ]);
  }
  return bodySystem ?? header;
}

/**
 * `permission` as a full key in the system context `slug`: `stock.adjust` in `ims` is `ims:stock.adjust`; a key
 * already naming `ims:` stays as it is; a key of another system is 400 naming `field`. Without a context: unchanged.
 */
export function keyInSystem(slug: string | null, permission: string, field = 'permission'): string {
  if (!slug) return permission;
  const own = systemOfKey(permission);
  if (own === null) return `${slug}:${permission}`;
  if (own === slug) return permission;
  throw validationFailed([{ path: field, message: `${permission} is a key of ${own}, not of ${slug}.` }]);
}

/**
 * Slugs of the tenant's switched-off systems (their keys evaluate to deny), or only whether `slug` is one of them.
 * `db` is the tenant's transaction.
 */
export async function inactiveSystemSlugs(db: Queryable, tenantId: string, slug?: string): Promise<Set<string>> {
  const rows = rowsOf<{ slug: string }>(
    await db.execute(sql`
      select s.slug from systems s
       where s.tenant_id = ${tenantId} and not s.active ${slug === undefined ? sql`` : sql`and s.slug = ${slug}`}`),
  );
  return new Set(rows.map((r) => r.slug));
}
