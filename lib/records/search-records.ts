import { and, asc, desc, eq, ilike, ne, or, sql } from 'drizzle-orm';
import { systems, teams } from '@/db/schema/access';
import { accessReviewCampaigns } from '@/db/schema/access-reviews';
import { users } from '@/db/schema/identity';
import { batches, inspections, sites } from '@/db/schema/quality';
import { memberships } from '@/db/schema/tenancy';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { containsPattern } from '@/lib/like-pattern';
import { parseInput } from '@/lib/validation';
import { RECORD_PERMISSIONS, recordLabel } from './record-ref';
import { searchRecordsQuerySchema, type RecordOption, type RecordOptionList, type SearchRecordsQuery } from './record-search-schemas';

/**
 * `GET /api/v1/tenants/{tenant}/records?type=…&q=…`: records of one kind whose number, name, email, slug or code
 * contains `q` (case ignored), labelled as everywhere else ("Batch ACM2607004"). Needs the kind's read permission
 * (403), the same one linking a task to such a record needs. Without `q`: the most recent batches, inspections and
 * access reviews, and sites, members, systems and teams by name. Removed members are not offered.
 */
export async function searchRecords(ctx: TenantContext, query: SearchRecordsQuery): Promise<RecordOptionList> {
  const { type, q, limit } = parseInput(searchRecordsQuerySchema, query);
  requirePermission(ctx, RECORD_PERMISSIONS[type].read);
  const pattern = q ? containsPattern(q) : null;
  const tenantId = ctx.tenant.id;
  const answer = <R extends { id: string }>(rows: R[], label: (row: R) => string): RecordOptionList => ({
    data: rows.map((row): RecordOption => ({ type, id: row.id, label: label(row) })),
  });
  switch (type) {
    case 'batch': {
      const rows = await ctx.db
        .select({ id: batches.id, batchNumber: batches.batchNumber })
        .from(batches)
        .where(
          and(
            eq(batches.tenantId, tenantId),
            pattern ? or(ilike(batches.batchNumber, pattern), ilike(batches.productName, pattern)) : undefined,
          ),
        )
        .orderBy(desc(batches.createdAt), desc(batches.id))
        .limit(limit);
      return answer(rows, recordLabel.batch);
    }
    case 'inspection': {
      const rows = await ctx.db
        .select({ id: inspections.id, type: inspections.type, batchNumber: batches.batchNumber })
        .from(inspections)
        .innerJoin(batches, and(eq(batches.tenantId, inspections.tenantId), eq(batches.id, inspections.batchId)))
        .where(
          and(
            eq(inspections.tenantId, tenantId),
            pattern ? or(ilike(batches.batchNumber, pattern), sql`replace(${inspections.type}, '_', ' ') ilike ${pattern}`) : undefined,
          ),
        )
        .orderBy(desc(inspections.performedAt), desc(inspections.id))
        .limit(limit);
      return answer(rows, recordLabel.inspection);
    }
    case 'site': {
      const rows = await ctx.db
        .select({ id: sites.id, name: sites.name })
        .from(sites)
        .where(and(eq(sites.tenantId, tenantId), pattern ? or(ilike(sites.name, pattern), ilike(sites.code, pattern)) : undefined))
        .orderBy(asc(sites.name), asc(sites.id))
        .limit(limit);
      return answer(rows, recordLabel.site);
    }
    case 'member': {
      const rows = await ctx.db
        .select({ id: memberships.id, name: users.name, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            eq(memberships.tenantId, tenantId),
            ne(memberships.status, 'removed'),
            pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
          ),
        )
        .orderBy(asc(users.name), asc(users.email), asc(memberships.id))
        .limit(limit);
      return answer(rows, recordLabel.member);
    }
    case 'system': {
      const rows = await ctx.db
        .select({ id: systems.id, name: systems.name })
        .from(systems)
        .where(and(eq(systems.tenantId, tenantId), pattern ? or(ilike(systems.name, pattern), ilike(systems.slug, pattern)) : undefined))
        .orderBy(asc(systems.name), asc(systems.id))
        .limit(limit);
      return answer(rows, recordLabel.system);
    }
    case 'team': {
      const rows = await ctx.db
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(and(eq(teams.tenantId, tenantId), pattern ? ilike(teams.name, pattern) : undefined))
        .orderBy(asc(teams.name), asc(teams.id))
        .limit(limit);
      return answer(rows, recordLabel.team);
    }
    case 'access_review': {
      const rows = await ctx.db
        .select({ id: accessReviewCampaigns.id, name: accessReviewCampaigns.name })
        .from(accessReviewCampaigns)
        .where(and(eq(accessReviewCampaigns.tenantId, tenantId), pattern ? ilike(accessReviewCampaigns.name, pattern) : undefined))
        .orderBy(desc(accessReviewCampaigns.createdAt), desc(accessReviewCampaigns.id))
        .limit(limit);
      return answer(rows, recordLabel.access_review);
    }
  }
}
