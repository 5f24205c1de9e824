import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { tenants } from '@/db/schema';
import type { TenantRef } from '@/lib/context';

/** Resolve a tenant slug from the path. Reads the global registry through the owner connection. */
async function findTenantBySlug(slug: string): Promise<TenantRef | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status, planId: tenants.planId })
    .from(tenants)
    .where(eq(tenants.slug, slug))
    .limit(1);
  return row ?? null;
}

/**
 * Slug → tenant id, remembered in this process: a slug never changes its tenant while that tenant
 * exists, so the hot path of every API request skips the registry lookup. Everything that can change
 * (name, plan, status) is read fresh with the member's access. `forgetTenantSlug` drops an entry that
 * led nowhere (a wiped-out tenant whose slug was taken again).
 */
const SLUG_CACHE_MAX = 10_000;
const slugCache = new Map<string, string>();

export async function tenantIdForSlug(slug: string): Promise<string | null> {
  const cached = slugCache.get(slug);
  if (cached) return cached;
  const tenant = await findTenantBySlug(slug);
  if (!tenant) return null;
  if (slugCache.size >= SLUG_CACHE_MAX) slugCache.delete(slugCache.keys().next().value!);
  slugCache.set(slug, tenant.id);
  return tenant.id;
}

export function forgetTenantSlug(slug: string): void {
  slugCache.delete(slug);
}
