import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { batches, batchTransitions, inspections, sites } from '@/db/schema/quality';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import type { BatchDetailView, BatchView, InspectionView, SiteView } from './schemas';
import { recordHash, signaturesOf } from './signatures';

/**
 * Reading batch records into their API shape, shared by the verbs of lib/quality/. Also the canonical
 * forms that signatures hash: the fields that make up the record as signed (not its status, which the
 * signature's meaning records, nor bookkeeping times).
 */

const iso = (d: Date | string) => new Date(d).toISOString();

export type SiteRow = typeof sites.$inferSelect;
export type BatchRow = typeof batches.$inferSelect;
type InspectionRow = typeof inspections.$inferSelect;

export function siteView(r: SiteRow): SiteView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    address: r.address,
    licenseNumber: r.licenseNumber,
    active: r.active,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** The site row, or 404; `forUpdate` locks it for the rest of the transaction. */
export async function loadSiteRow(ctx: TenantContext, id: string, options: { forUpdate?: boolean } = {}): Promise<SiteRow> {
  const query = ctx.db
    .select()
    .from(sites)
    .where(and(eq(sites.tenantId, ctx.tenant.id), eq(sites.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('site');
  return row;
}

export const batchCanonical = (b: BatchRow) => ({
  record: 'batch',
  id: b.id,
  batchNumber: b.batchNumber,
  productName: b.productName,
  gtin: b.gtin,
  siteId: b.siteId,
  plannedQuantity: b.plannedQuantity,
  expiresOn: b.expiresOn,
});

export const inspectionCanonical = (i: InspectionRow) => ({
  record: 'inspection',
  id: i.id,
  batchId: i.batchId,
  type: i.type,
  lotSize: i.lotSize,
  sampleSize: i.sampleSize,
  characteristics: i.characteristics,
  defects: i.defects,
  result: i.result,
  performedBy: i.performedBy,
  retestOf: i.retestOf,
});

/** The batch row, or 404; `forUpdate` locks it (transitions and corrections of one batch serialize). */
export async function loadBatchRow(ctx: TenantContext, id: string, options: { forUpdate?: boolean } = {}): Promise<BatchRow> {
  const query = ctx.db
    .select()
    .from(batches)
    .where(and(eq(batches.tenantId, ctx.tenant.id), eq(batches.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('batch');
  return row;
}

/** Batch rows as API views: with their site and signatures (each checked against the record as it is now). */
export async function batchViews(ctx: TenantContext, rows: BatchRow[]): Promise<BatchView[]> {
  if (rows.length === 0) return [];
  // Sites and signatures are sent together: one round trip on the transaction's connection for the two.
  const [siteRows, signatures] = await Promise.all([
    ctx.db
      .select({ id: sites.id, code: sites.code, name: sites.name })
      .from(sites)
      .where(and(eq(sites.tenantId, ctx.tenant.id), inArray(sites.id, [...new Set(rows.map((r) => r.siteId))]))),
    signaturesOf(ctx, 'batch', new Map(rows.map((r) => [r.id, recordHash(batchCanonical(r))]))),
  ]);
  const siteById = new Map(siteRows.map((s) => [s.id, s]));
  return rows.map((r) => ({
    id: r.id,
    batchNumber: r.batchNumber,
    productName: r.productName,
    gtin: r.gtin,
    siteId: r.siteId,
    site: siteById.get(r.siteId)!,
    plannedQuantity: r.plannedQuantity,
    expiresOn: r.expiresOn,
    status: r.status,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    signatures: signatures.get(r.id) ?? [],
  }));
}

async function batchView(ctx: TenantContext, row: BatchRow): Promise<BatchView> {
  return (await batchViews(ctx, [row]))[0];
}

/** A batch with its status history, oldest first. */
export async function batchDetail(ctx: TenantContext, row: BatchRow): Promise<BatchDetailView> {
  const history = await ctx.db
    .select()
    .from(batchTransitions)
    .where(and(eq(batchTransitions.tenantId, ctx.tenant.id), eq(batchTransitions.batchId, row.id)))
    .orderBy(asc(batchTransitions.occurredAt), asc(batchTransitions.id));
  return {
    ...(await batchView(ctx, row)),
    history: history.map((h) => ({
      id: h.id,
      from: h.fromStatus,
      to: h.toStatus,
      reason: h.reason,
      actor: { id: h.actorId, name: h.actorName },
      signatureId: h.signatureId,
      occurredAt: iso(h.occurredAt),
    })),
  };
}

/** A snapshot of the batch for audit events (before/after). */
export const batchSnapshot = (b: BatchRow) => ({
  batchNumber: b.batchNumber,
  productName: b.productName,
  gtin: b.gtin,
  siteId: b.siteId,
  plannedQuantity: b.plannedQuantity,
  expiresOn: b.expiresOn,
  status: b.status,
});

export async function loadInspectionRow(ctx: TenantContext, id: string, options: { forUpdate?: boolean } = {}): Promise<InspectionRow> {
  const query = ctx.db
    .select()
    .from(inspections)
    .where(and(eq(inspections.tenantId, ctx.tenant.id), eq(inspections.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('inspection');
  return row;
}

export async function selectInspections(ctx: TenantContext, where: SQL | undefined): Promise<InspectionRow[]> {
  return ctx.db
    .select()
    .from(inspections)
    .where(and(eq(inspections.tenantId, ctx.tenant.id), where))
    .orderBy(asc(inspections.performedAt), asc(inspections.id));
}

const within = (c: { lsl?: number | null; usl?: number | null; value: number }) =>
  (c.lsl == null || c.value >= c.lsl) && (c.usl == null || c.value <= c.usl);

/** The server's verdict: any value outside its limits, or any critical defect, fails. */
export function inspectionResult(
  characteristics: Array<{ lsl?: number | null; usl?: number | null; value: number }>,
  defects: { critical: number },
): 'pass' | 'fail' {
  return characteristics.every(within) && defects.critical === 0 ? 'pass' : 'fail';
}

export async function inspectionViews(ctx: TenantContext, rows: InspectionRow[]): Promise<InspectionView[]> {
  if (rows.length === 0) return [];
  const signatures = await signaturesOf(ctx, 'inspection', new Map(rows.map((r) => [r.id, recordHash(inspectionCanonical(r))])));
  const retests = await ctx.db
    .select({ id: inspections.id, retestOf: inspections.retestOf })
    .from(inspections)
    .where(
      and(
        eq(inspections.tenantId, ctx.tenant.id),
        inArray(
          inspections.retestOf,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(inspections.performedAt));
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batchId,
    type: r.type,
    lotSize: r.lotSize,
    sampleSize: r.sampleSize,
    characteristics: r.characteristics.map((c) => ({
      name: c.name,
      unit: c.unit ?? null,
      lsl: c.lsl ?? null,
      usl: c.usl ?? null,
      value: c.value,
      conforms: within(c),
    })),
    defects: r.defects,
    result: r.result,
    status: r.status,
    performedBy: { id: r.performedBy, name: r.performedByName },
    performedAt: iso(r.performedAt),
    reviewedBy: r.reviewedBy ? { id: r.reviewedBy, name: r.reviewedByName ?? '' } : null,
    reviewedAt: r.reviewedAt ? iso(r.reviewedAt) : null,
    reviewReason: r.reviewReason,
    retestOf: r.retestOf,
    retestedBy: retests.filter((t) => t.retestOf === r.id).map((t) => t.id),
    signatures: signatures.get(r.id) ?? [],
  }));
}
