import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { MAX_ATTACHMENT_BYTES, recordAttachments } from '@/db/schema/notes';
import { requirePermission } from '@/lib/access/require-permission';
import { actingPerson } from '@/lib/acting-person';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { DomainError, notFound, validationFailed } from '@/lib/errors';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { parseInput } from '@/lib/validation';
import { describeBytes, detectAttachmentType } from './attachment-type';
import { recordColumns } from './notes';
import { listNotesQuerySchema, type AttachmentVersionView, type AttachmentView } from './notes-schemas';
import { RECORD_PERMISSIONS, resolveRecord, type RecordRef, type ResolvedRecord } from './record-ref';

/**
 * Attachments on any record (a certificate of analysis on an inspection, a signed access request on a member): PDF,
 * PNG, JPEG or WebP up to 10 MiB, the type decided by the bytes. Stored in the database with their SHA-256; never
 * changed or deleted. A file uploaded under a name the record already has becomes that name's next version; every
 * version keeps its own id and downloads by it. Reading needs the record's read permission, attaching its add
 * permission (lib/records/record-ref.ts). Audited as `attachment.added` (name, version, type, size and hash, never
 * the bytes) with the record's type and id.
 */

const ATTACHMENT_TYPES_MESSAGE = 'Attach a PDF, or a PNG, JPEG or WebP image.';
const MiB = 1024 * 1024;

export const attachmentTooLarge = () =>
  new DomainError('payload_too_large', 413, `The file is larger than ${MAX_ATTACHMENT_BYTES / MiB} MiB. Attach a smaller one.`, [
    { path: 'file', message: `The file is larger than ${MAX_ATTACHMENT_BYTES / MiB} MiB.` },
  ]);

export const attachmentListColumns = {
  tenantId: recordAttachments.tenantId,
  id: recordAttachments.id,
  recordType: recordAttachments.recordType,
  recordId: recordAttachments.recordId,
  batchId: recordAttachments.batchId,
  inspectionId: recordAttachments.inspectionId,
  fileName: recordAttachments.fileName,
  version: recordAttachments.version,
  contentType: recordAttachments.contentType,
  sizeBytes: recordAttachments.sizeBytes,
  sha256: recordAttachments.sha256,
  uploadedBy: recordAttachments.uploadedBy,
  uploadedByName: recordAttachments.uploadedByName,
  createdAt: recordAttachments.createdAt,
};
type AttachmentRow = Omit<typeof recordAttachments.$inferSelect, 'data'>;

export const attachmentVersionView = (r: AttachmentRow): AttachmentVersionView => ({
  id: r.id,
  version: r.version,
  contentType: r.contentType,
  size: r.sizeBytes,
  sha256: r.sha256,
  uploadedBy: { id: r.uploadedBy, name: r.uploadedByName },
  createdAt: new Date(r.createdAt).toISOString(),
});

export const attachmentView = (r: AttachmentRow, previous: AttachmentRow[] = []): AttachmentView => ({
  ...attachmentVersionView(r),
  recordType: r.recordType,
  recordId: r.recordId,
  batchId: r.batchId,
  inspectionId: r.inspectionId,
  fileName: r.fileName,
  previousVersions: previous.map(attachmentVersionView),
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

/** Only the latest version of each file name on its record. */
const latestVersion = (): SQL =>
  sql`not exists (select 1 from ${recordAttachments} as newer where newer.tenant_id = ${recordAttachments.tenantId} and newer.record_type = ${recordAttachments.recordType} and newer.record_id = ${recordAttachments.recordId} and newer.file_name = ${recordAttachments.fileName} and newer.version > ${recordAttachments.version})`;

const aboutRecord = (record: ResolvedRecord): SQL =>
  and(eq(recordAttachments.recordType, record.type), eq(recordAttachments.recordId, record.id))!;

/**
 * Files on a record, newest first: the latest version of each name, with its older versions (newest first), without
 * their bytes. Needs the record's read permission.
 */
export async function listAttachments(
  ctx: TenantContext,
  ref: RecordRef,
  query: z.input<typeof listNotesQuerySchema> = {},
): Promise<{ data: AttachmentView[]; nextCursor: string | null }> {
  const record = await resolveRecord(ctx, ref, 'read');
  const { limit, cursor } = parseInput(listNotesQuerySchema, query);
  const conditions: SQL[] = [eq(recordAttachments.tenantId, ctx.tenant.id), aboutRecord(record), latestVersion()];
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
    conditions.push(sql`(${recordAttachments.createdAt}, ${recordAttachments.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ ...attachmentListColumns, key: cursorTime(recordAttachments.createdAt) })
    .from(recordAttachments)
    .where(and(...conditions))
    .orderBy(desc(recordAttachments.createdAt), desc(recordAttachments.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const withHistory = page.filter((r) => r.version > 1).map((r) => r.fileName);
  const older = withHistory.length
    ? await ctx.db
        .select(attachmentListColumns)
        .from(recordAttachments)
        .where(
          and(
            eq(recordAttachments.tenantId, ctx.tenant.id),
            aboutRecord(record),
            inArray(recordAttachments.fileName, [...new Set(withHistory)]),
          ),
        )
        .orderBy(desc(recordAttachments.version))
    : [];
  return {
    data: page.map((r) =>
      attachmentView(
        r,
        older.filter((o) => o.fileName === r.fileName && o.version < r.version),
      ),
    ),
    nextCursor: rows.length > limit && last ? encodeSortCursor('created', last.key, last.id) : null,
  };
}

/**
 * Attach a file; under a name the record already has, as that name's next version. Needs the record's add permission,
 * checked before the file is looked at. Audited as `attachment.added` with name, version, type, size and hash. Two
 * uploads of one name at the same moment: the second is 409 (its version was taken).
 */
export async function addAttachment(
  ctx: TenantContext,
  ref: RecordRef,
  upload: { bytes: Uint8Array; fileName: string | null },
): Promise<AttachmentView> {
  const record = await resolveRecord(ctx, ref, 'add');
  const contentType = checkAttachment(upload.bytes);
  const data = Buffer.from(upload.bytes.buffer, upload.bytes.byteOffset, upload.bytes.byteLength);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const by = actingPerson(ctx.actor);
  const fileName = cleanFileName(upload.fileName);
  const sameName = and(eq(recordAttachments.tenantId, ctx.tenant.id), aboutRecord(record), eq(recordAttachments.fileName, fileName));
  const [{ last }] = await ctx.db
    .select({ last: sql<number>`coalesce(max(${recordAttachments.version}), 0)::int` })
    .from(recordAttachments)
    .where(sameName);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(recordAttachments)
      .values({
        tenantId: ctx.tenant.id,
        ...recordColumns(record),
        fileName,
        version: Number(last) + 1,
        contentType,
        sizeBytes: data.byteLength,
        sha256,
        data,
        uploadedBy: by.id,
        uploadedByName: by.name,
      })
      .returning(attachmentListColumns),
    `Another upload of ${fileName} arrived at the same moment. Upload it again to make the next version.`,
  );
  const previous = row.version > 1 ? await ctx.db.select(attachmentListColumns).from(recordAttachments).where(sameName) : [];
  await recordAudit(ctx, {
    action: 'attachment.added',
    targetType: record.type,
    targetId: record.id,
    after: { attachmentId: row.id, fileName: row.fileName, version: row.version, contentType, size: row.sizeBytes, sha256 },
  });
  return attachmentView(
    row,
    previous.filter((p) => p.version < row.version).sort((a, b) => b.version - a.version),
  );
}

/**
 * One attachment (any version) with its bytes. Needs the read permission of the record it is on; unknown or another
 * tenant's: 404.
 */
export async function getAttachment(ctx: TenantContext, id: string): Promise<AttachmentView & { data: Buffer }> {
  const [row] = await ctx.db
    .select({ ...attachmentListColumns, data: recordAttachments.data })
    .from(recordAttachments)
    .where(and(eq(recordAttachments.tenantId, ctx.tenant.id), eq(recordAttachments.id, id)));
  if (!row) throw notFound('attachment');
  requirePermission(ctx, RECORD_PERMISSIONS[row.recordType].read);
  return { ...attachmentView(row), data: row.data };
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
