import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@/db/schema/tasks';
import { RECORD_PERMISSIONS, RECORD_TYPES, type RecordType } from '@/lib/records/record-ref';

/**
 * The rules of tasks (issue 21), once, with no database access: the server loads the facts and calls these, and the
 * console imports the same functions to decide what to offer.
 *
 * - Any active member of the tenant may create a task and see the tenant's tasks (an API key acts for its creator).
 * - Linking a record needs that record's read permission (lib/records/record-ref.ts RECORD_PERMISSIONS); a task's
 *   linked record is named (label and link) only to those who may read it, others see only its kind.
 * - The assignee must be an active member.
 * - The creator, the assignee, and holders of `members.update` may edit a task.
 * - Statuses: open → in progress → done; open → done directly; cancelled from open or in progress; in progress back
 *   to open; a done or cancelled task may be reopened (→ open). Nothing else (done → cancelled is a reopen first).
 * - Overdue: a due date before today (UTC, by the controllable clock) while the task is open or in progress.
 */

export { TASK_PRIORITIES, TASK_STATUSES };
export type { TaskPriority, TaskStatus };

export const TASK_TITLE_MAX = 200;
export const TASK_DESCRIPTION_MAX = 4000;

export const TASK_STATUS_LABEL: Record<TaskStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const TASK_PRIORITY_LABEL: Record<TaskPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** The statuses a task may move to from each status. */
export const TASK_STATUS_MOVES: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

/** The words of a move, for buttons and menus ("Start", "Mark done", "Reopen"). */
export function statusMoveLabel(from: TaskStatus, to: TaskStatus): string {
  if (to === 'open') return from === 'in_progress' ? 'Back to open' : 'Reopen';
  if (to === 'in_progress') return 'Start';
  if (to === 'done') return 'Mark done';
  return 'Cancel task';
}

/** Whether `from` may become `to` (staying the same is no move and always allowed). */
export const canMoveStatus = (from: TaskStatus, to: TaskStatus): boolean => from === to || TASK_STATUS_MOVES[from].includes(to);

/** Whether a status counts as still to do (open or in progress). */
export const isActiveStatus = (status: TaskStatus): boolean => status === 'open' || status === 'in_progress';

/** Today as YYYY-MM-DD in UTC, by the clock handed in (lib/platform/clock.ts `now()`). */
export const todayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** Overdue: due before today and still open or in progress. */
export function isOverdue(task: { dueOn: string | null; status: TaskStatus }, today: string): boolean {
  return task.dueOn !== null && task.dueOn < today && isActiveStatus(task.status);
}

/** Whether someone with these permissions may learn which record of this type a task is linked to (its label and link). */
export const canSeeLinkedRecord = (permissions: Iterable<string>, type: RecordType): boolean =>
  new Set(permissions).has(RECORD_PERMISSIONS[type].read);

/** The kinds of record someone with these permissions may link a new task to (the task dialog's record picker). */
export const linkableRecordTypes = (permissions: Iterable<string>): RecordType[] => {
  const held = [...permissions];
  return RECORD_TYPES.filter((type) => canSeeLinkedRecord(held, type));
};

/** The facts that decide whether someone may edit a task. */
export type TaskEditFacts = { userId: string | null; permissions: Iterable<string> };

/** The creator, the assignee, and holders of members.update may edit a task. */
export function canEditTask(task: { createdBy: string; assigneeId: string | null }, who: TaskEditFacts): boolean {
  if (who.userId !== null && (who.userId === task.createdBy || who.userId === task.assigneeId)) return true;
  return new Set(who.permissions).has('members.update');
}

/** Why someone may not edit a task, in words (for a 403 and for the console's disabled controls). */
export const EDIT_REFUSED = 'Only the task’s creator, its assignee or someone who may update members can change it.';

/** Why a status move is refused, in words. */
export const statusMoveRefused = (from: TaskStatus, to: TaskStatus): string =>
  `A task that is ${TASK_STATUS_LABEL[from].toLowerCase()} cannot become ${TASK_STATUS_LABEL[to].toLowerCase()}` +
  (from === 'done' || from === 'cancelled' ? '; reopen it first.' : '.');
