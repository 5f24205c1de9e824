import type { z } from 'zod';
import { createHash } from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { MAX_ATTACHMENT_BYTES, recordAttachments } from '@/db/schema/notes';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { DomainError, notFound, validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { actingPerson } from '@/lib/acting-person';
import { describeBytes, detectAttachmentType } from './attachment-type';
import { targetCondition } from './notes';
import { READ_PERMISSION, resolveTarget, type RecordTarget } from './record-target';
import { listNotesQuerySchema, type AttachmentView } from './schemas';

/**
 * Attachments on a batch or one of its inspections (a certificate of analysis, a photo of a label): PDF,
 * PNG, JPEG or WebP up to 10 MiB, the type decided by the bytes. Stored in the database with their
 * SHA-256; never changed or deleted. Adding one is audited as `attachment.added` (name, type, size and
 * hash, never the bytes).
 */

const ATTACHMENT_TYPES_MESSAGE = 'Attach a PDF, or a PNG, JPEG or WebP image.';
const MiB = 1024 * 1024;

export const attachmentTooLarge = () =>
  new DomainError('payload_too_large', 413, `The file is larger than ${MAX_ATTACHMENT_BYTES / MiB} MiB. Attach a smaller one.`, [
    { path: 'file', message: `The file is larger than ${MAX_ATTACHMENT_BYTES / MiB} MiB.` },
  ]);

type AttachmentRow = Omit<typeof recordAttachments.$inferSelect, 'data'>;

const listColumns = {
  tenantId: recordAttachments.tenantId,
  id: recordAttachments.id,
  batchId: recordAttachments.batchId,
  inspectionId: recordAttachments.inspectionId,
  fileName: recordAttachments.fileName,
  contentType: recordAttachments.contentType,
  sizeBytes: recordAttachments.sizeBytes,
  sha256: recordAttachments.sha256,
  uploadedBy: recordAttachments.uploadedBy,
  uploadedByName: recordAttachments.uploadedByName,
  createdAt: recordAttachments.createdAt,
};

export const attachmentView = (r: AttachmentRow): AttachmentView => ({
  id: r.id,
  batchId: r.batchId,
  inspectionId: r.inspectionId,
  fileName: r.fileName,
  contentType: r.contentType,
  size: r.sizeBytes,
  sha256: r.sha256,
  uploadedBy: { id: r.uploadedBy, name: r.uploadedByName },
  createdAt: new Date(r.createdAt).toISOString(),
});

/** A file name fit to store and to send back: no path, no control characters, at most 200 characters. */
function cleanFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a stored file name must not keep
  const unsafe = /[\x00-\x1f\x7f"]/g;
  const clean = base.replace(unsafe, '').trim().slice(0, 200);
  return clean || 'attachment';
}

/** Check an uploaded file: not empty, at most 10 MiB, a PDF or an image by its bytes. Returns its type. */
function checkAttachment(bytes: Uint8Array) {
  if (bytes.byteLength === 0) {
    throw validationFailed([{ path: 'file', message: 'The file is empty.' }], `The file is empty. ${ATTACHMENT_TYPES_MESSAGE}`);
  }
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge();
  const type = detectAttachmentType(bytes);
  if (!type) {
    const looks = describeBytes(bytes);
    const message = `This file is not a PDF, PNG, JPEG or WebP${looks ? ` (it looks like ${looks})` : ''}. ${ATTACHMENT_TYPES_MESSAGE}`;
    throw validationFailed([{ path: 'file', message }], message);
  }
  return type;
}

/** Attachments, newest first, without their bytes. Reading needs `batches.read` or `inspections.read`. */
export async function listAttachments(
  ctx: TenantContext,
  target: RecordTarget,
  query: z.input<typeof listNotesQuerySchema> = {},
): Promise<{ data: AttachmentView[]; nextCursor: string | null }> {
  const resolved = await resolveTarget(ctx, target, 'read');
  const { limit, cursor } = parseInput(listNotesQuerySchema, query);
  const conditions: SQL[] = [eq(recordAttachments.tenantId, ctx.tenant.id), targetCondition(recordAttachments, resolved)];
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
    conditions.push(sql`(${recordAttachments.createdAt}, ${recordAttachments.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ ...listColumns, key: cursorTime(recordAttachments.createdAt) })
    .from(recordAttachments)
    .where(and(...conditions))
    .orderBy(desc(recordAttachments.createdAt), desc(recordAttachments.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(attachmentView),
    nextCursor: rows.length > limit && last ? encodeSortCursor('created', last.key, last.id) : null,
  };
}

/**
 * Attach a file. Needs `batches.update` (a batch) or `inspections.perform` (an inspection); checked before the
 * file is looked at. Audited as `attachment.added` with name, type, size and hash.
 */
export async function addAttachment(
  ctx: TenantContext,
  target: RecordTarget,
  upload: { bytes: Uint8Array; fileName: string | null },
): Promise<AttachmentView> {
  const resolved = await resolveTarget(ctx, target, 'add');
  const contentType = checkAttachment(upload.bytes);
  const data = Buffer.from(upload.bytes.buffer, upload.bytes.byteOffset, upload.bytes.byteLength);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const by = actingPerson(ctx.actor);
  const [row] = await ctx.db
    .insert(recordAttachments)
    .values({
      tenantId: ctx.tenant.id,
      batchId: resolved.batchId,
      inspectionId: resolved.inspectionId,
      fileName: cleanFileName(upload.fileName),
      contentType,
      sizeBytes: data.byteLength,
      sha256,
      data,
      uploadedBy: by.id,
      uploadedByName: by.name,
    })
    .returning(listColumns);
  await recordAudit(ctx, {
    action: 'attachment.added',
    targetType: target.type,
    targetId: target.id,
    after: { attachmentId: row.id, fileName: row.fileName, contentType, size: row.sizeBytes, sha256 },
  });
  return attachmentView(row);
}

/**
 * One attachment with its bytes. An attachment of an inspection needs `inspections.read`, of a batch
 * `batches.read`; unknown or another tenant's: 404.
 */
export async function getAttachment(ctx: TenantContext, id: string): Promise<AttachmentView & { data: Buffer }> {
  const [row] = await ctx.db
    .select({ ...listColumns, data: recordAttachments.data })
    .from(recordAttachments)
    .where(and(eq(recordAttachments.tenantId, ctx.tenant.id), eq(recordAttachments.id, id)));
  if (!row) throw notFound('attachment');
  requirePermission(ctx, READ_PERMISSION[row.inspectionId ? 'inspection' : 'batch']);
  return { ...attachmentView(row), data: row.data };
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
