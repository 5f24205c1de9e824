import { and, eq } from 'drizzle-orm';
import { tenantDomains } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { loadTenantRow } from '@/lib/tenancy/get-tenant';
import { loadDomain, ssoRequiredFacts } from './domain-view';
import { domainParamsSchema } from './schemas';

/**
 * Remove a domain from the tenant (verified or not). Needs `tenant.update`; another tenant's id is 404. The last
 * verified domain of a tenant that requires SSO is kept (409): turn "SSO required" off first. Audited `domain.removed`.
 */
export async function deleteDomain(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'tenant.update');
  parseInput(domainParamsSchema.pick({ id: true }), { id });
  const row = await loadDomain(ctx.db, ctx.tenant.id, id);
  if (row.verifiedAt) {
    const [tenant, facts] = await Promise.all([loadTenantRow(ctx.db, ctx.tenant.id), ssoRequiredFacts(ctx.db, ctx.tenant.id)]);
    if (tenant.settings?.ssoRequired && facts.verifiedDomains <= 1) {
      throw conflict('This is the last verified domain and the tenant requires SSO: turn "SSO required" off first.');
    }
  }
  await ctx.db.delete(tenantDomains).where(and(eq(tenantDomains.tenantId, ctx.tenant.id), eq(tenantDomains.id, id)));
  await recordAudit(ctx, {
    action: 'domain.removed',
    targetType: 'domain',
    targetId: row.id,
    before: { domain: row.domain, verified: row.verifiedAt !== null },
  });
}
