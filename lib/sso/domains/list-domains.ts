import { asc, eq } from 'drizzle-orm';
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
  const [rows, facts, tenant] = await Promise.all([
    ctx.db
      .select()
      .from(tenantDomains)
      .where(eq(tenantDomains.tenantId, ctx.tenant.id))
      .orderBy(asc(tenantDomains.createdAt), asc(tenantDomains.id)),
    ssoRequiredFacts(ctx.db, ctx.tenant.id),
    loadTenantRow(ctx.db, ctx.tenant.id),
  ]);
  return { data: rows.map(domainView), ssoRequired: tenant.settings?.ssoRequired === true, ssoRequiredProblem: ssoRequiredProblem(facts) };
}
