import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { tenants } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { requirePlatformAdmin } from '@/lib/platform-admin/platform-admin';
import { adminTenantParamsSchema } from '@/lib/platform-admin/schemas';
import { parseInput } from '@/lib/validation';
import { domainListOf } from './list-domains';
import type { DomainList } from './schemas';

/**
 * A tenant's domains as a platform administrator sees them (to verify one without DNS): the same list the tenant's
 * own admins get, oldest first. Unknown tenant: 404. Runs on the owner connection and names the tenant in
 * `app.tenant_id` for the read (tenant_domains forces row level security).
 */
export async function platformListDomains(actor: Actor | null, slug: string): Promise<DomainList> {
  requirePlatformAdmin(actor);
  parseInput(adminTenantParamsSchema, { tenant: slug });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).limit(1);
    if (!tenant) throw notFound('tenant');
    await tx.execute(sql`select set_config('app.tenant_id', ${tenant.id}, true)`);
    return domainListOf(tx, tenant.id);
  });
}
