import { sql } from 'drizzle-orm';
import { boolean, date, foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

/**
 * Batch records (GxP): sites, batches with their status history, QA inspections and Part 11 electronic
 * signatures. All tenant-owned, under FORCE ROW LEVEL SECURITY (drizzle/0012_quality_rls.sql). Records are
 * never deleted: the runtime role has no DELETE privilege here, and history and signatures cannot even be
 * updated. Children reference their parent together with `tenant_id`, so a row can never point into
 * another tenant. People (performer, reviewer, signer) are kept as user id plus printed name, without a
 * foreign key: a record outlives the account that made it.
 */

export const BATCH_STATUSES = ['planned', 'in_production', 'quarantined', 'under_review', 'released', 'rejected', 'recalled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const INSPECTION_TYPES = ['incoming', 'in_process', 'release'] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];
export const INSPECTION_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export const SIGNATURE_MEANINGS = ['approved', 'rejected', 'released', 'recalled', 'reviewed'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

export type Characteristic = { name: string; unit?: string | null; lsl?: number | null; usl?: number | null; value: number };
export type DefectCounts = { critical: number; major: number; minor: number };

/** Manufacturing sites. `code` (upper case) is unique per tenant; batches only on active sites. */
export const sites = pgTable(
  'sites',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    licenseNumber: text('license_number'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sites_tenant_code_key').on(t.tenantId, t.code),
    uniqueIndex('sites_tenant_id_key').on(t.tenantId, t.id),
    index('sites_tenant_name_idx').on(t.tenantId, t.name),
  ],
);

/** Batches (lots). `batch_number` is GS1 AI(10), unique per tenant; `status` follows lib/quality/lifecycle.ts. */
export const batches = pgTable(
  'batches',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    batchNumber: text('batch_number').notNull(),
    productName: text('product_name').notNull(),
    gtin: text('gtin'),
    siteId: uuid('site_id').notNull(),
    plannedQuantity: integer('planned_quantity').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: BATCH_STATUSES }).notNull().default('planned'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('batches_tenant_number_key').on(t.tenantId, t.batchNumber),
    uniqueIndex('batches_tenant_id_key').on(t.tenantId, t.id),
    index('batches_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('batches_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('batches_tenant_site_idx').on(t.tenantId, t.siteId),
    foreignKey({ name: 'batches_site_fk', columns: [t.tenantId, t.siteId], foreignColumns: [sites.tenantId, sites.id] }),
  ],
);

/** Electronic signatures (21 CFR 11.50/11.70): who, printed name, meaning, when (database clock), what (hash). Append-only. */
export const electronicSignatures = pgTable(
  'electronic_signatures',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    /** `access_review_item`: a reviewer's signed decision; `access_review`: the owner's closing signature (issue 21). */
    recordType: text('record_type', { enum: ['batch', 'inspection', 'access_review_item', 'access_review'] }).notNull(),
    recordId: uuid('record_id').notNull(),
    signerId: uuid('signer_id').notNull(),
    /** The signer's name as printed at signing time (11.50(a)(1)). */
    signerName: text('signer_name').notNull(),
    meaning: text('meaning', { enum: SIGNATURE_MEANINGS }).notNull(),
    reason: text('reason'),
    /** SHA-256 (hex) of the record's canonical form as signed (lib/quality/signatures.ts). */
    recordHash: text('record_hash').notNull(),
    /** The signer's session (null: signed outside a session, e.g. the demo seed). */
    sessionId: uuid('session_id'),
    /** Whether the password was entered; false: signed within the session of an earlier password signature (11.200(a)(1)(i)). */
    passwordEntered: boolean('password_entered').notNull().default(true),
    signedAt: timestamp('signed_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    index('electronic_signatures_tenant_record_idx').on(t.tenantId, t.recordType, t.recordId, t.signedAt),
    index('electronic_signatures_tenant_signer_session_idx').on(t.tenantId, t.signerId, t.sessionId),
  ],
);

/** Every status a batch has had: creation (from null), each move with its actor, reason and signature. Append-only. */
export const batchTransitions = pgTable(
  'batch_transitions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id').notNull(),
    fromStatus: text('from_status', { enum: BATCH_STATUSES }),
    toStatus: text('to_status', { enum: BATCH_STATUSES }).notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    signatureId: uuid('signature_id').references(() => electronicSignatures.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    index('batch_transitions_tenant_batch_idx').on(t.tenantId, t.batchId, t.occurredAt),
    foreignKey({ name: 'batch_transitions_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
  ],
);

/**
 * QA inspections of a batch. `result` is computed by the server; `status` moves submitted → approved |
 * rejected once, by a reviewer other than the performer. A retest is a new row with `retest_of` naming
 * the original, which is never overwritten.
 */
export const inspections = pgTable(
  'inspections',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id').notNull(),
    type: text('type', { enum: INSPECTION_TYPES }).notNull(),
    lotSize: integer('lot_size'),
    sampleSize: integer('sample_size').notNull(),
    characteristics: jsonb('characteristics').$type<Characteristic[]>().notNull(),
    defects: jsonb('defects').$type<DefectCounts>().notNull(),
    result: text('result', { enum: ['pass', 'fail'] }).notNull(),
    status: text('status', { enum: INSPECTION_STATUSES }).notNull().default('submitted'),
    performedBy: uuid('performed_by').notNull(),
    performedByName: text('performed_by_name').notNull(),
    performedAt: timestamp('performed_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewReason: text('review_reason'),
    retestOf: uuid('retest_of'),
  },
  (t) => [
    uniqueIndex('inspections_tenant_id_key').on(t.tenantId, t.id),
    index('inspections_tenant_batch_idx').on(t.tenantId, t.batchId, t.performedAt),
    index('inspections_tenant_status_idx').on(t.tenantId, t.status),
    foreignKey({ name: 'inspections_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    foreignKey({ name: 'inspections_retest_of_fk', columns: [t.tenantId, t.retestOf], foreignColumns: [t.tenantId, t.id] }),
  ],
);
