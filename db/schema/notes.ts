import { sql } from 'drizzle-orm';
import { check, customType, foreignKey, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { batches, inspections } from './quality';
import { tenants } from './tenancy';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Notes and attachments on batch records (a comment on a batch, a certificate of analysis on an
 * inspection). Tenant-owned under FORCE ROW LEVEL SECURITY (drizzle/0014_notes_rls.sql) and never changed
 * or deleted: the runtime role may only read and insert. Every row names its batch; a row about an
 * inspection names the inspection too (`inspection_id`), and both references carry `tenant_id`, so a row
 * can never point into another tenant. The author is kept as user id plus printed name, without a foreign
 * key: a record outlives the account that made it.
 *
 * Attachment bytes live in the database (bytea, at most 10 MiB, checked in lib/quality/attachments.ts and
 * by the constraint below): one backup, one transaction, the same row-level security as the record.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const recordNotes = pgTable(
  'record_notes',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id').notNull(),
    /** Set when the note is about one inspection of the batch; null for a note on the batch itself. */
    inspectionId: uuid('inspection_id'),
    body: text('body').notNull(),
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    index('record_notes_tenant_batch_idx').on(t.tenantId, t.batchId, t.createdAt),
    index('record_notes_tenant_inspection_idx').on(t.tenantId, t.inspectionId, t.createdAt),
    foreignKey({ name: 'record_notes_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    foreignKey({
      name: 'record_notes_inspection_fk',
      columns: [t.tenantId, t.inspectionId],
      foreignColumns: [inspections.tenantId, inspections.id],
    }),
    check('record_notes_body_length', sql`char_length(${t.body}) between 1 and 10000`),
  ],
);

export const recordAttachments = pgTable(
  'record_attachments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id').notNull(),
    /** Set when the file belongs to one inspection of the batch; null for a file on the batch itself. */
    inspectionId: uuid('inspection_id'),
    fileName: text('file_name').notNull(),
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
  ],
);
