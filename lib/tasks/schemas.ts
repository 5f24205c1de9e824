import { z } from 'zod';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { sortDirSchema } from '@/lib/list-order';
import { RECORD_TYPES } from '@/lib/records/record-ref';
import { outputDate, outputDateTime } from '@/lib/validation';
import { TASK_DESCRIPTION_MAX, TASK_PRIORITIES, TASK_STATUSES, TASK_TITLE_MAX } from './policy';

/**
 * Zod schemas of tasks (`/api/v1/tenants/{tenant}/tasks`), shared by the routes, the console's forms and the API
 * document. The rules that need facts (who may edit, which moves, the linked record's permission) are in ./policy.ts.
 */

const title = z
  .string({ message: 'Enter a title.' })
  .trim()
  .min(1, 'Enter a title.')
  .max(TASK_TITLE_MAX, `At most ${TASK_TITLE_MAX} characters.`);
const description = z.string({ message: 'Must be text.' }).trim().max(TASK_DESCRIPTION_MAX, `At most ${TASK_DESCRIPTION_MAX} characters.`);
const dueOn = z.iso.date('A date, YYYY-MM-DD.');
const priority = z.enum(TASK_PRIORITIES, { message: `One of ${TASK_PRIORITIES.join(', ')}.` });
const status = z.enum(TASK_STATUSES, { message: `One of ${TASK_STATUSES.join(', ')}.` });
const assigneeId = z.uuid('Not a valid user id.');

/** A record of the tenant: its kind and id (a system's slug works too). */
export const taskRecordRefSchema = z.strictObject({
  type: z.enum(RECORD_TYPES, { message: `One of ${RECORD_TYPES.join(', ')}.` }),
  id: z.string({ message: 'Enter the record’s id.' }).trim().min(1, 'Enter the record’s id.').max(100, 'Not a record id.'),
});

export const createTaskSchema = z
  .strictObject({
    title,
    description: description.optional(),
    /** The day it is due (YYYY-MM-DD); overdue from the day after. */
    dueOn: dueOn.nullable().optional(),
    /** `normal` when left out. */
    priority: priority.optional(),
    /** The user id of an active member; left out or null: nobody yet. */
    assigneeId: assigneeId.nullable().optional(),
    /** The record the task is about; needs that record's read permission. */
    record: taskRecordRefSchema.nullable().optional(),
  })
  .meta({
    examples: [
      {
        title: 'Check the deviation report of batch ACM2607004',
        dueOn: '2026-01-20',
        priority: 'high' as const,
        assigneeId: EXAMPLE_IDS.user,
        record: { type: 'batch' as const, id: EXAMPLE_IDS.batch },
      },
    ],
  });
export type CreateTaskInput = z.input<typeof createTaskSchema>;

export const updateTaskSchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    dueOn: dueOn.nullable().optional(),
    priority: priority.optional(),
    /** open → in_progress → done; cancelled from open or in_progress; done or cancelled → open reopens. */
    status: status.optional(),
    assigneeId: assigneeId.nullable().optional(),
  })
  .meta({ examples: [{ status: 'done' as const }, { assigneeId: EXAMPLE_IDS.reviewer, dueOn: '2026-01-22' }] });
export type UpdateTaskInput = z.input<typeof updateTaskSchema>;

export const taskParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

export const TASK_SORTS = ['created', 'due'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const listTasksQuerySchema = z.strictObject({
  limit: z.coerce.number().int('Use a whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(500).optional(),
  /** `me` (the caller) or a user id; left out: everyone's. */
  assignee: z.union([z.literal('me'), z.uuid()], { message: 'Use me or a user id.' }).optional(),
  status: z.union([status, z.array(status)], { message: `One or more of ${TASK_STATUSES.join(', ')}.` }).optional(),
  /** `true`: only overdue tasks (due before today, open or in progress); `false`: only those that are not. */
  overdue: z.enum(['true', 'false'], { message: 'Use true or false.' }).optional(),
  /** Only tasks about this record: `type:id` (`batch:7250224b-…`). */
  record: z
    .string()
    .regex(
      new RegExp(`^(${RECORD_TYPES.join('|')}):[A-Za-z0-9._-]{1,100}$`),
      'Use type:id, such as batch:7250224b-b0c7-4dd6-8234-ceccf3509b7a.',
    )
    .optional(),
  /** `created` (newest first, the default) or `due` (soonest first; tasks without a due date last). */
  sort: z.enum(TASK_SORTS, { message: `Use ${TASK_SORTS.join(', ')}.` }).default('created'),
  dir: sortDirSchema.optional(),
});
export type ListTasksQuery = z.input<typeof listTasksQuerySchema>;

const EXAMPLE_TASK = {
  id: '3c8e5a71-2f4b-4d09-9a6e-1b7c0d2e4f58',
  title: 'Check the deviation report of batch ACM2607004',
  description: '',
  status: 'open' as const,
  priority: 'high' as const,
  dueOn: '2026-01-20',
  overdue: false,
  assignee: { id: EXAMPLE_IDS.user, name: 'Ada Lovelace' },
  createdBy: { id: EXAMPLE_IDS.reviewer, name: 'Grace Hopper' },
  record: { type: 'batch' as const, id: EXAMPLE_IDS.batch, label: 'Batch ACM2607004', path: `/batches/${EXAMPLE_IDS.batch}` },
  canEdit: true,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
  completedAt: null,
};

const person = z.object({ id: z.uuid(), name: z.string() });

export const taskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    status,
    priority,
    dueOn: outputDate().nullable(),
    /** Due before today (UTC) and still open or in progress. */
    overdue: z.boolean(),
    assignee: person.nullable(),
    createdBy: person,
    /**
     * The linked record, or null. `label` and `path` (below `/t/{tenant}`) only for callers who may read records of
     * that kind, and null when the record no longer exists.
     */
    record: z.object({ type: z.enum(RECORD_TYPES), id: z.uuid(), label: z.string().nullable(), path: z.string().nullable() }).nullable(),
    /** Whether the caller may change the task (its creator, its assignee, or members.update). */
    canEdit: z.boolean(),
    createdAt: outputDateTime(),
    updatedAt: outputDateTime(),
    completedAt: outputDateTime().nullable(),
  })
  .meta({ id: 'Task', examples: [EXAMPLE_TASK] });
export type TaskView = z.infer<typeof taskSchema>;

export const taskPageSchema = z
  .object({ data: z.array(taskSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TaskPage', examples: [{ data: [EXAMPLE_TASK], nextCursor: null }] });
export type TaskPage = z.infer<typeof taskPageSchema>;

export const taskAssigneeListSchema = z
  .object({ data: z.array(person) })
  .meta({ id: 'TaskAssigneeList', examples: [{ data: [{ id: EXAMPLE_IDS.user, name: 'Ada Lovelace' }] }] });
export type TaskAssigneeList = z.infer<typeof taskAssigneeListSchema>;
