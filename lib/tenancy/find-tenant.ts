import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { tenants } from '@/db/schema';
import type { TenantRef } from '@/lib/context';

/** Resolve a tenant slug from the path. Reads the global registry through the owner connection. */
export async function findTenantBySlug(slug: string): Promise<TenantRef | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status, planId: tenants.planId })
    .from(tenants)
    .where(eq(tenants.slug, slug))
    .limit(1);
  return row ?? null;
}
