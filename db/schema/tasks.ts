import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

/**
 * Tasks (issue 21, seed 003): a title, a due date, a status, a priority and an assignee, optionally linked to any
 * record (lib/records/record-ref.ts: batch, inspection, site, member, system, team, access review). Tenant data under
 * FORCE ROW LEVEL SECURITY (migration 0038). People are user ids plus printed names; the linked record is a
 * (type, id) pair checked by the domain when the task is written, since one column cannot reference seven tables.
 */

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const tasks = pgTable(
  'tasks',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: TASK_STATUSES }).notNull().default('open'),
    priority: text('priority', { enum: TASK_PRIORITIES }).notNull().default('normal'),
    dueOn: date('due_on', { mode: 'string' }),
    assigneeId: uuid('assignee_id'),
    assigneeName: text('assignee_name'),
    /** The linked record (lib/records/record-ref.ts `RecordType`), or both null. */
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** When the assignee was mailed that the task is overdue (once per due date). */
    overdueMailedAt: timestamp('overdue_mailed_at', { withTimezone: true }),
  },
  (t) => [
    index('tasks_tenant_assignee_idx').on(t.tenantId, t.assigneeId, t.status, t.dueOn),
    index('tasks_tenant_status_due_idx').on(t.tenantId, t.status, t.dueOn),
    index('tasks_tenant_record_idx').on(t.tenantId, t.recordType, t.recordId),
    check('tasks_title_length', sql`char_length(${t.title}) between 1 and 200`),
    check('tasks_record_whole', sql`(${t.recordType} is null) = (${t.recordId} is null)`),
  ],
);
