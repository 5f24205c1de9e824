import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { tenantDomains } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { loadTenantRow } from '@/lib/tenancy/get-tenant';
import { domainView, ssoRequiredFacts } from './domain-view';
import { ssoRequiredProblem } from './policy';
import type { DomainList } from './schemas';

/** The tenant's domains (verified or waiting for their DNS record), oldest first, and the state of "SSO required". Needs `tenant.update`. */
export async function listDomains(ctx: TenantContext): Promise<DomainList> {
  requirePermission(ctx, 'tenant.update');
  return domainListOf(ctx.db, ctx.tenant.id);
}

/** The domain list of one tenant, read through `db` (which must be able to see that tenant's rows). Shared with the platform admin's list. */
export async function domainListOf(db: Queryable, tenantId: string): Promise<DomainList> {
  const [rows, facts, tenant] = await Promise.all([
    db
      .select()
      .from(tenantDomains)
      .where(eq(tenantDomains.tenantId, tenantId))
      .orderBy(asc(tenantDomains.createdAt), asc(tenantDomains.id)),
    ssoRequiredFacts(db, tenantId),
    loadTenantRow(db, tenantId),
  ]);
  return { data: rows.map(domainView), ssoRequired: tenant.settings?.ssoRequired === true, ssoRequiredProblem: ssoRequiredProblem(facts) };
}
