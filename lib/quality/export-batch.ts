import { and, asc, eq, isNull } from 'drizzle-orm';
import { recordAttachments, recordNotes } from '@/db/schema/notes';
import { inspections } from '@/db/schema/quality';
import { hasPermission, requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { actingPerson } from '@/lib/acting-person';
import { attachmentListColumns, attachmentView } from '@/lib/records/attachments';
import { latestNoteVersion, noteView } from '@/lib/records/notes';
import { batchHistory } from './batch-history';
import { batchCanonical, batchDetail, inspectionCanonical, inspectionViews, loadBatchRow, selectInspections } from './records';
import type { BatchExport } from './schemas';
import { recordHash } from './signatures';

/**
 * One batch record, complete, for an export (`batches.read`): the batch with its status history and
 * signatures (each `valid` while the record still hashes to what was signed), its inspections with theirs,
 * notes, the attachments' names and hashes, and the audit events about the batch and its inspections.
 * Notes appear as they stand (latest version; `edited` when there are older ones); every version of a file is listed.
 * Inspections (and their notes and files) need `inspections.read` too; without it they are left out and
 * `omitted` says so. Every export is audited as `batch.exported` with its format.
 */
export async function exportBatch(ctx: TenantContext, id: string, format: 'json' | 'pdf'): Promise<BatchExport> {
  requirePermission(ctx, 'batches.read');
  const row = await loadBatchRow(ctx, id);
  const withInspections = hasPermission(ctx, 'inspections.read');
  const inspectionRows = withInspections ? await selectInspections(ctx, eq(inspections.batchId, id)) : [];
  const inspectionIds = inspectionRows.map((i) => i.id);
  const hashes = new Map(inspectionRows.map((i) => [i.id, recordHash(inspectionCanonical(i))]));

  const noteRows = await ctx.db
    .select()
    .from(recordNotes)
    .where(
      and(
        eq(recordNotes.tenantId, ctx.tenant.id),
        eq(recordNotes.batchId, id),
        withInspections ? undefined : isNull(recordNotes.inspectionId),
        latestNoteVersion(),
      ),
    )
    .orderBy(asc(recordNotes.createdAt), asc(recordNotes.id));
  const fileRows = await ctx.db
    .select(attachmentListColumns)
    .from(recordAttachments)
    .where(
      and(
        eq(recordAttachments.tenantId, ctx.tenant.id),
        eq(recordAttachments.batchId, id),
        withInspections ? undefined : isNull(recordAttachments.inspectionId),
      ),
    )
    .orderBy(asc(recordAttachments.createdAt), asc(recordAttachments.id));

  // The trail as it stood before this export; the export itself is then audited.
  const history = await batchHistory(ctx, id, inspectionIds);
  const exportedAt = now().toISOString();
  await recordAudit(ctx, { action: 'batch.exported', targetType: 'batch', targetId: id, after: { format } });

  return {
    format: 'custos.batch-record/1',
    exportedAt,
    exportedBy: actingPerson(ctx.actor),
    tenant: { slug: ctx.tenant.slug, name: ctx.tenant.name },
    batch: await batchDetail(ctx, row),
    recordHash: recordHash(batchCanonical(row)),
    inspections: (await inspectionViews(ctx, inspectionRows)).map((i) => ({ ...i, recordHash: hashes.get(i.id)! })),
    notes: noteRows.map(noteView),
    attachments: fileRows.map((r) => attachmentView(r)),
    history,
    omitted: withInspections ? [] : ['inspections'],
  };
}
