import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { ssoConnections, tenantDomains } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { verificationRecord } from './policy';
import type { DomainView } from './schemas';

export type DomainRow = typeof tenantDomains.$inferSelect;

export function domainView(row: DomainRow): DomainView {
  return {
    id: row.id,
    domain: row.domain,
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    verifiedMethod: row.verifiedMethod ?? null,
    verificationRecord: verificationRecord(row.domain, row.verificationToken),
    createdAt: row.createdAt.toISOString(),
  };
}

/** One of the tenant's domains, or 404 (also for another tenant's id). */
export async function loadDomain(db: Queryable, tenantId: string, id: string): Promise<DomainRow> {
  const [row] = await db
    .select()
    .from(tenantDomains)
    .where(and(eq(tenantDomains.tenantId, tenantId), eq(tenantDomains.id, id)));
  if (!row) throw notFound('domain');
  return row;
}

/** How many verified domains and enabled connections the tenant has (what "SSO required" needs). */
export async function ssoRequiredFacts(db: Queryable, tenantId: string): Promise<{ verifiedDomains: number; enabledConnections: number }> {
  const [row] = await db
    .select({
      verifiedDomains: sql<number>`(select count(*)::int from ${tenantDomains} where ${tenantDomains.tenantId} = ${tenantId} and ${tenantDomains.verifiedAt} is not null)`,
      enabledConnections: sql<number>`(select count(*)::int from ${ssoConnections} where ${ssoConnections.tenantId} = ${tenantId} and ${ssoConnections.enabled})`,
    })
    .from(sql`(select 1) as one`);
  return { verifiedDomains: Number(row.verifiedDomains), enabledConnections: Number(row.enabledConnections) };
}

/** A verified domain of another tenant made the unique index refuse: the words of the 409. */
export const VERIFIED_ELSEWHERE =
  'This domain is already verified by another tenant. A domain belongs to one tenant; ask that tenant to remove it, or contact your platform administrator.';
