import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { tenantDomains } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { actingUserId } from '@/lib/acting-person';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { parseInput } from '@/lib/validation';
import { txtResolver } from './dns';
import { domainView, loadDomain, VERIFIED_ELSEWHERE, type DomainRow } from './domain-view';
import { recordsProve, verificationRecord } from './policy';
import { domainParamsSchema, type DomainView } from './schemas';

/**
 * Check the domain's DNS TXT record (`_custos-challenge.<domain>` = `custos-domain-verification=<token>`, through
 * lib/sso/domains/dns.ts) and mark the domain verified when it is there. Needs `tenant.update`; another tenant's id
 * is 404. Not there, a different value, or a lookup that failed: 409 `conflict` saying which, nothing written. A
 * domain another tenant has verified: 409 (one tenant per domain). Already verified: no change. Audited `domain.verified`.
 */
export async function verifyDomain(ctx: TenantContext, id: string): Promise<DomainView> {
  requirePermission(ctx, 'tenant.update');
  parseInput(domainParamsSchema.pick({ id: true }), { id });
  const row = await loadDomain(ctx.db, ctx.tenant.id, id);
  if (row.verifiedAt) return domainView(row);
  await assertRecordPublished(row);
  const after = await markVerified(ctx.db, row, 'dns', actingUserId(ctx.actor));
  await recordAudit(ctx, {
    action: 'domain.verified',
    targetType: 'domain',
    targetId: row.id,
    before: { domain: row.domain, verified: false },
    after: { domain: row.domain, verified: true, method: 'dns' },
  });
  return domainView(after);
}

/** The DNS answer proves the claim, or a 409 saying what was found (nothing, something else, or no answer). */
async function assertRecordPublished(row: DomainRow): Promise<void> {
  const record = verificationRecord(row.domain, row.verificationToken);
  let found: string[][];
  try {
    found = await txtResolver()(record.name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      throw conflict(`No TXT record was found at ${record.name}. Publish the record shown, wait for DNS to update, then verify again.`);
    }
    throw conflict(`The DNS lookup of ${record.name} failed (${code ?? 'no answer'}). Try again in a few minutes.`);
  }
  if (found.length === 0) {
    throw conflict(`No TXT record was found at ${record.name}. Publish the record shown, wait for DNS to update, then verify again.`);
  }
  if (!recordsProve(found, row.verificationToken)) {
    throw conflict(`The TXT record at ${record.name} does not hold the expected value. Publish exactly: ${record.value}`);
  }
}

/** Set the domain verified; the partial unique index refuses a domain another tenant verified (409). */
export async function markVerified(
  db: Queryable,
  row: DomainRow,
  method: 'dns' | 'platform',
  verifiedBy: string | null,
): Promise<DomainRow> {
  const [after] = await uniqueOr409(
    db
      .update(tenantDomains)
      .set({ verifiedAt: sql`now()`, verifiedMethod: method, verifiedBy })
      .where(and(eq(tenantDomains.tenantId, row.tenantId), eq(tenantDomains.id, row.id)))
      .returning(),
    VERIFIED_ELSEWHERE,
  );
  return after;
}
