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
 * (name, plan, status) is read fresh with the member's access. A remembered id can outlive its tenant:
 * wiped out (here or on another instance) and its slug taken again by a new tenant. `withTenantOfSlug`
 * notices that at the first use and looks the slug up afresh.
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

/** What an attempt of `withTenantOfSlug` answers when its tenant id found nothing (no such tenant, member or key). */
export const TENANT_ID_LED_NOWHERE = Symbol('tenant id led nowhere');

/**
 * Runs `attempt` with the id of the tenant `slug` names. When the attempt answers `TENANT_ID_LED_NOWHERE`, the
 * remembered id may be of a tenant wiped out since (perhaps by another instance) whose slug a new tenant took: the
 * slug is looked up afresh and, when it now names another tenant, `attempt` runs once more with that id. Null when
 * the slug names no tenant, or its current tenant led nowhere too.
 */
export async function withTenantOfSlug<T>(
  slug: string,
  attempt: (tenantId: string) => Promise<T | typeof TENANT_ID_LED_NOWHERE>,
): Promise<T | null> {
  const tenantId = await tenantIdForSlug(slug);
  if (!tenantId) return null;
  const first = await attempt(tenantId);
  if (first !== TENANT_ID_LED_NOWHERE) return first;
  slugCache.delete(slug);
  const fresh = await tenantIdForSlug(slug);
  if (!fresh || fresh === tenantId) return null;
  const second = await attempt(fresh);
  return second === TENANT_ID_LED_NOWHERE ? null : second;
}
