import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { batches } from './quality';
import { tenants } from './tenancy';

/**
 * Serialization (GS1 AI 21): serial numbers per batch, and the jobs that generate them. Tenant-owned under
 * FORCE ROW LEVEL SECURITY (drizzle/0016_serials_rls.sql). The unique index on (tenant_id, gtin, serial) is the
 * guarantee that a serial is never issued twice for one product code of a tenant; the generator redraws the
 * rare collision (lib/serials/generate.ts). Serials are never deleted by the runtime role: they leave
 * circulation through their status (lib/serials/status.ts).
 */

export const SERIAL_STATUSES = [
  'commissioned',
  'released',
  'shipped',
  'dispensed',
  'decommissioned',
  'sampled',
  'destroyed',
  'recalled',
] as const;
export type SerialStatus = (typeof SERIAL_STATUSES)[number];
export const SERIAL_JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type SerialJobStatus = (typeof SERIAL_JOB_STATUSES)[number];

/**
 * A request to generate `requested` serials for a batch. `done` is advanced in the same transaction as the rows
 * it counts, so it always equals the serials this job has stored. A running job holds a lease: `runner` (a random
 * token of the process running it) and `heartbeat_at`, renewed with every chunk; a job whose heartbeat is stale
 * (its process died) or that has no runner is taken over by the next runner and continues from `done`.
 */
export const serialJobs = pgTable(
  'serial_jobs',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id').notNull(),
    /** The batch's GTIN when the job was requested; a batch whose GTIN has changed since fails the job. */
    gtin: text('gtin').notNull(),
    requested: integer('requested').notNull(),
    done: integer('done').notNull().default(0),
    status: text('status', { enum: SERIAL_JOB_STATUSES }).notNull().default('queued'),
    error: text('error'),
    /** Runs so far (claims); a job that keeps failing on transient errors is given up after a few. */
    attempts: integer('attempts').notNull().default(0),
    runner: text('runner'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    requestedBy: uuid('requested_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('serial_jobs_tenant_status_idx').on(t.tenantId, t.status, t.heartbeatAt),
    index('serial_jobs_tenant_batch_idx').on(t.tenantId, t.batchId, t.createdAt),
    foreignKey({ name: 'serial_jobs_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    check('serial_jobs_counts_check', sql`${t.requested} between 1 and 1000000 and ${t.done} between 0 and ${t.requested}`),
  ],
);

/** One serial number: 12 characters of the 32-character alphabet, unique per tenant and GTIN. */
export const serials = pgTable(
  'serials',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    gtin: text('gtin').notNull(),
    serial: text('serial').notNull(),
    batchId: uuid('batch_id').notNull(),
    status: text('status', { enum: SERIAL_STATUSES }).notNull().default('commissioned'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('serials_tenant_gtin_serial_key').on(t.tenantId, t.gtin, t.serial),
    // The list of a batch in serial order (keyset cursor), and the same filtered by status.
    index('serials_tenant_batch_serial_idx').on(t.tenantId, t.batchId, t.serial),
    index('serials_tenant_batch_status_idx').on(t.tenantId, t.batchId, t.status, t.serial),
    foreignKey({ name: 'serials_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    check('serials_serial_format_check', sql`${t.serial} ~ '^[0-9A-HJKMNP-TV-Z]{12}$'`),
  ],
);
