import { getDb } from '@/db/client';
import type { Actor, RequestMeta } from '@/lib/context';
import { lockTenantBySlug, recordInTenantTrail, requirePlatformAdmin } from '@/lib/platform-admin/platform-admin';
import { recordPlatformAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { domainView, loadDomain } from './domain-view';
import { domainParamsSchema, type DomainView } from './schemas';
import { markVerified } from './verify-domain';

/**
 * A platform administrator verifies a tenant's domain without DNS (air-gapped sites, or a record that cannot be
 * published). Unknown tenant or a domain id of another tenant: 404. A domain another tenant verified: 409. Already
 * verified: no change. Audited `domain.verified` (method `platform`) on the platform trail and the tenant's.
 */
export async function platformVerifyDomain(actor: Actor | null, slug: string, id: string, meta: RequestMeta): Promise<DomainView> {
  requirePlatformAdmin(actor);
  parseInput(domainParamsSchema, { tenant: slug, id });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const tenant = await lockTenantBySlug(tx, slug);
    const row = await loadDomain(tx, tenant.id, id);
    if (row.verifiedAt) return domainView(row);
    const after = await markVerified(tx, row, 'platform', actor.type === 'user' ? actor.id : null);
    const entry = {
      action: 'domain.verified',
      targetType: 'domain',
      targetId: row.id,
      before: { domain: row.domain, verified: false },
      after: { domain: row.domain, verified: true, method: 'platform', tenant: tenant.slug },
    };
    await recordPlatformAudit(tx, actor, meta, entry);
    await recordInTenantTrail(tx, tenant.id, actor, meta, entry);
    return domainView(after);
  });
}
