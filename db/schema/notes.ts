import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { batches, inspections } from './quality';
import { tenants } from './tenancy';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Notes and attachments on any record (issue 21): a batch, an inspection, a site, a member, a system, a team or an
 * access review, named as (`record_type`, `record_id`) — the types of lib/records/record-ref.ts. Tenant-owned under
 * FORCE ROW LEVEL SECURITY (drizzle/0014_notes_rls.sql) and never changed or deleted: the runtime role may only read
 * and insert, and a trigger refuses UPDATE to every role (migration 0039).
 *
 * A note on a batch or an inspection keeps naming its batch (`batch_id`, and `inspection_id` for an inspection) with
 * foreign keys that carry `tenant_id`, so such a row can never point into another tenant; other records are checked
 * when the note is written (lib/records/record-ref.ts resolveRecord).
 *
 * Versions: editing a note inserts its next version — the same `id`, `version` n+1, the editor and the time in
 * `edited_by`/`edited_at` — and keeps `author_*`, `created_at` of the first version, so the latest row of each id is
 * the note as it stands. An attachment uploaded under a name the record already has becomes that file's next
 * `version` (each version its own row and id, every one downloadable).
 *
 * The author is kept as user id plus printed name, without a foreign key: a record outlives the account that made it.
 * Attachment bytes live in the database (bytea, at most 10 MiB, checked in lib/records/attachments.ts and by the
 * constraint below): one backup, one transaction, the same row-level security as the record.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const NOTE_PRIORITIES = ['low', 'normal', 'high'] as const;
export type NotePriority = (typeof NOTE_PRIORITIES)[number];
/** The record types of lib/records/record-ref.ts (RECORD_TYPES); a test keeps the two lists equal. */
export const NOTE_RECORD_TYPES = ['batch', 'inspection', 'site', 'member', 'system', 'team', 'access_review'] as const;

const recordTypeCheck = (column: unknown) => sql`${column} in (${sql.raw(NOTE_RECORD_TYPES.map((t) => `'${t}'`).join(', '))})`;

export const recordNotes = pgTable(
  'record_notes',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The note; every version of it shares this id. */
    id: uuid('id').notNull().defaultRandom(),
    version: integer('version').notNull().default(1),
    recordType: text('record_type', { enum: NOTE_RECORD_TYPES }).notNull(),
    recordId: uuid('record_id').notNull(),
    /** Set for a note on a batch or on one of its inspections. */
    batchId: uuid('batch_id'),
    /** Set when the note is about one inspection of the batch. */
    inspectionId: uuid('inspection_id'),
    body: text('body').notNull(),
    priority: text('priority', { enum: NOTE_PRIORITIES }).notNull().default('normal'),
    /** Who wrote the note (the first version), and when: the same on every version. */
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    /** Who made this version, and when; null on the first version. */
    editedBy: uuid('edited_by'),
    editedByName: text('edited_by_name'),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'record_notes_pkey', columns: [t.id, t.version] }),
    index('record_notes_tenant_record_idx').on(t.tenantId, t.recordType, t.recordId, t.createdAt),
    index('record_notes_tenant_batch_idx').on(t.tenantId, t.batchId, t.createdAt),
    index('record_notes_tenant_inspection_idx').on(t.tenantId, t.inspectionId, t.createdAt),
    foreignKey({ name: 'record_notes_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    foreignKey({
      name: 'record_notes_inspection_fk',
      columns: [t.tenantId, t.inspectionId],
      foreignColumns: [inspections.tenantId, inspections.id],
    }),
    check('record_notes_body_length', sql`char_length(${t.body}) between 1 and 10000`),
    check('record_notes_version', sql`${t.version} >= 1 and (${t.version} = 1) = (${t.editedAt} is null)`),
    check('record_notes_record_type', recordTypeCheck(t.recordType)),
    check('record_notes_priority', sql`${t.priority} in ('low', 'normal', 'high')`),
    check(
      'record_notes_batch_record',
      sql`(${t.recordType} = 'batch' and ${t.batchId} is not distinct from ${t.recordId} and ${t.inspectionId} is null)
        or (${t.recordType} = 'inspection' and ${t.batchId} is not null and ${t.inspectionId} is not distinct from ${t.recordId})
        or (${t.recordType} not in ('batch', 'inspection') and ${t.batchId} is null and ${t.inspectionId} is null)`,
    ),
  ],
);

export const recordAttachments = pgTable(
  'record_attachments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** This version of the file (each version has its own id, to download it by). */
    id: uuid('id').primaryKey().defaultRandom(),
    recordType: text('record_type', { enum: NOTE_RECORD_TYPES }).notNull(),
    recordId: uuid('record_id').notNull(),
    /** Set for a file on a batch or on one of its inspections. */
    batchId: uuid('batch_id'),
    /** Set when the file belongs to one inspection of the batch. */
    inspectionId: uuid('inspection_id'),
    fileName: text('file_name').notNull(),
    /** 1 for the first file of this name on the record; an upload under the same name is the next. */
    version: integer('version').notNull().default(1),
    /** Decided from the bytes (magic numbers), never from the name or the declared Content-Type. */
    contentType: text('content_type', { enum: ATTACHMENT_TYPES }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** SHA-256 (hex) of the bytes, shown in the export so a printed record names the exact file. */
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedByName: text('uploaded_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    uniqueIndex('record_attachments_name_version_idx').on(t.tenantId, t.recordType, t.recordId, t.fileName, t.version),
    index('record_attachments_tenant_record_idx').on(t.tenantId, t.recordType, t.recordId, t.createdAt),
    index('record_attachments_tenant_batch_idx').on(t.tenantId, t.batchId, t.createdAt),
    index('record_attachments_tenant_inspection_idx').on(t.tenantId, t.inspectionId, t.createdAt),
    foreignKey({ name: 'record_attachments_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    foreignKey({
      name: 'record_attachments_inspection_fk',
      columns: [t.tenantId, t.inspectionId],
      foreignColumns: [inspections.tenantId, inspections.id],
    }),
    check(
      'record_attachments_size',
      sql`${t.sizeBytes} between 1 and ${sql.raw(String(MAX_ATTACHMENT_BYTES))} and octet_length(${t.data}) = ${t.sizeBytes}`,
    ),
    check('record_attachments_version', sql`${t.version} >= 1`),
    check('record_attachments_record_type', recordTypeCheck(t.recordType)),
    check(
      'record_attachments_batch_record',
      sql`(${t.recordType} = 'batch' and ${t.batchId} is not distinct from ${t.recordId} and ${t.inspectionId} is null)
        or (${t.recordType} = 'inspection' and ${t.batchId} is not null and ${t.inspectionId} is not distinct from ${t.recordId})
        or (${t.recordType} not in ('batch', 'inspection') and ${t.batchId} is null and ${t.inspectionId} is null)`,
    ),
  ],
);
