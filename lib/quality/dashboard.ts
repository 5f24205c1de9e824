import { and, asc, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { BATCH_STATUSES, batches, electronicSignatures, inspections } from '@/db/schema/quality';
import { hasPermission, requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { batchCanonical, inspectionCanonical } from './records';
import type { DashboardView } from './schemas';
import { recordHash } from './signatures';

/**
 * The tenant's dashboard (`batches.read`): batches by status, inspections awaiting review (count and the
 * oldest few), the pass rate per ISO week over the last 12 weeks (UTC, the current week last), and the
 * most recent electronic signatures with whether each still matches its record. The inspection parts need
 * `inspections.read` too; without it they are null.
 */
const PASS_RATE_WEEKS = 12;
const OLDEST_AWAITING = 5;
const RECENT_SIGNATURES = 8;

const DAY = 24 * 60 * 60 * 1000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The Monday (UTC) of the ISO week holding `d`. */
export function isoWeekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/** `2026-W49`: the ISO year and week number of the week starting on Monday `monday`. */
export function isoWeekLabel(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export async function getDashboard(ctx: TenantContext): Promise<DashboardView> {
  requirePermission(ctx, 'batches.read');
  const tenantId = ctx.tenant.id;
  const withInspections = hasPermission(ctx, 'inspections.read');

  const byStatus = await ctx.db
    .select({ status: batches.status, n: count() })
    .from(batches)
    .where(eq(batches.tenantId, tenantId))
    .groupBy(batches.status);
  const counts = new Map(byStatus.map((r) => [r.status, Number(r.n)]));
  const batchesByStatus = BATCH_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));

  let awaitingReview: DashboardView['awaitingReview'] = null;
  let passRate: DashboardView['passRate'] = null;
  if (withInspections) {
    const submitted = and(eq(inspections.tenantId, tenantId), eq(inspections.status, 'submitted'));
    const [{ n }] = await ctx.db.select({ n: count() }).from(inspections).where(submitted);
    const oldest = await ctx.db
      .select({ i: inspections, batchNumber: batches.batchNumber, productName: batches.productName })
      .from(inspections)
      .innerJoin(batches, and(eq(batches.tenantId, inspections.tenantId), eq(batches.id, inspections.batchId)))
      .where(submitted)
      .orderBy(asc(inspections.performedAt), asc(inspections.id))
      .limit(OLDEST_AWAITING);
    awaitingReview = {
      count: Number(n),
      oldest: oldest.map(({ i, batchNumber, productName }) => ({
        id: i.id,
        type: i.type,
        result: i.result,
        performedBy: { id: i.performedBy, name: i.performedByName },
        performedAt: new Date(i.performedAt).toISOString(),
        batch: { id: i.batchId, batchNumber, productName },
      })),
    };

    const thisWeek = isoWeekStart(now());
    const first = new Date(thisWeek.getTime() - (PASS_RATE_WEEKS - 1) * 7 * DAY);
    const week = sql<string>`to_char(date_trunc('week', ${inspections.performedAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
    const weekly = await ctx.db
      .select({ week, total: count(), passed: sql<number>`count(*) filter (where ${inspections.result} = 'pass')` })
      .from(inspections)
      .where(and(eq(inspections.tenantId, tenantId), gte(inspections.performedAt, first)))
      .groupBy(week);
    const byWeek = new Map(weekly.map((r) => [r.week, r]));
    passRate = Array.from({ length: PASS_RATE_WEEKS }, (_, k) => {
      const monday = new Date(first.getTime() + k * 7 * DAY);
      const row = byWeek.get(isoDate(monday));
      const total = Number(row?.total ?? 0);
      const passed = Number(row?.passed ?? 0);
      return { week: isoWeekLabel(monday), weekStart: isoDate(monday), inspections: total, passed, rate: total ? passed / total : null };
    });
  }

  const recent = await ctx.db
    .select()
    .from(electronicSignatures)
    .where(
      and(
        eq(electronicSignatures.tenantId, tenantId),
        withInspections ? inArray(electronicSignatures.recordType, ['batch', 'inspection']) : eq(electronicSignatures.recordType, 'batch'),
      ),
    )
    .orderBy(desc(electronicSignatures.signedAt), desc(electronicSignatures.id))
    .limit(RECENT_SIGNATURES);
  const inspectionIds = recent.filter((s) => s.recordType === 'inspection').map((s) => s.recordId);
  const inspectionRows = inspectionIds.length
    ? await ctx.db
        .select()
        .from(inspections)
        .where(and(eq(inspections.tenantId, tenantId), inArray(inspections.id, inspectionIds)))
    : [];
  const inspectionById = new Map(inspectionRows.map((i) => [i.id, i]));
  const batchIds = [
    ...new Set([...recent.filter((s) => s.recordType === 'batch').map((s) => s.recordId), ...inspectionRows.map((i) => i.batchId)]),
  ];
  const batchRows = batchIds.length
    ? await ctx.db
        .select()
        .from(batches)
        .where(and(eq(batches.tenantId, tenantId), inArray(batches.id, batchIds)))
    : [];
  const batchById = new Map(batchRows.map((b) => [b.id, b]));
  const recentSignatures = recent.flatMap((s) => {
    const inspection = s.recordType === 'inspection' ? inspectionById.get(s.recordId) : undefined;
    const batch = batchById.get(inspection ? inspection.batchId : s.recordId);
    if (!batch || (s.recordType === 'inspection' && !inspection)) return [];
    const current = inspection ? recordHash(inspectionCanonical(inspection)) : recordHash(batchCanonical(batch));
    return [
      {
        id: s.id,
        signer: { id: s.signerId, name: s.signerName },
        meaning: s.meaning,
        signedAt: new Date(s.signedAt).toISOString(),
        record: { type: s.recordType as 'batch' | 'inspection', id: s.recordId },
        batch: { id: batch.id, batchNumber: batch.batchNumber },
        valid: current === s.recordHash,
      },
    ];
  });

  return {
    batchesByStatus,
    totalBatches: batchesByStatus.reduce((sum, r) => sum + r.count, 0),
    awaitingReview,
    passRate,
    recentSignatures,
  };
}
