import { describe, expect, it } from 'vitest';
import {
  canEditTask,
  canMoveStatus,
  canSeeLinkedRecord,
  isOverdue,
  linkableRecordTypes,
  statusMoveLabel,
  TASK_PRIORITIES,
  TASK_PRIORITY_LABEL,
  TASK_STATUS_LABEL,
  TASK_STATUS_MOVES,
  TASK_STATUSES,
  todayOf,
} from '@/lib/tasks/policy';

// The rules of tasks (lib/tasks/policy.ts) on their own: status moves, overdue by a given day, who may edit, and
// who may see a linked record.
describe('task policy', () => {
  it('moves: open → in progress → done, cancelled from open or in progress, done and cancelled only reopen', () => {
    const allowed = TASK_STATUSES.flatMap((from) =>
      TASK_STATUSES.filter((to) => to !== from && canMoveStatus(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'open→in_progress',
        'open→done',
        'open→cancelled',
        'in_progress→open',
        'in_progress→done',
        'in_progress→cancelled',
        'done→open',
        'cancelled→open',
      ].sort(),
    );
    for (const s of TASK_STATUSES) expect(canMoveStatus(s, s)).toBe(true);
    expect(statusMoveLabel('done', 'open')).toBe('Reopen');
    expect(statusMoveLabel('in_progress', 'open')).toBe('Back to open');
    expect(statusMoveLabel('open', 'done')).toBe('Mark done');
    for (const [from, tos] of Object.entries(TASK_STATUS_MOVES)) expect(tos).not.toContain(from);
  });

  it('overdue: a due date before today (UTC) while open or in progress', () => {
    const today = todayOf(new Date('2030-03-10T23:59:59Z'));
    expect(today).toBe('2030-03-10');
    expect(isOverdue({ dueOn: '2030-03-09', status: 'open' }, today)).toBe(true);
    expect(isOverdue({ dueOn: '2030-03-09', status: 'in_progress' }, today)).toBe(true);
    expect(isOverdue({ dueOn: '2030-03-10', status: 'open' }, today)).toBe(false);
    expect(isOverdue({ dueOn: '2030-03-01', status: 'done' }, today)).toBe(false);
    expect(isOverdue({ dueOn: '2030-03-01', status: 'cancelled' }, today)).toBe(false);
    expect(isOverdue({ dueOn: null, status: 'open' }, today)).toBe(false);
  });

  it('edit: the creator, the assignee, or members.update', () => {
    const task = { createdBy: 'creator', assigneeId: 'assignee' };
    expect(canEditTask(task, { userId: 'creator', permissions: [] })).toBe(true);
    expect(canEditTask(task, { userId: 'assignee', permissions: [] })).toBe(true);
    expect(canEditTask(task, { userId: 'someone', permissions: ['members.update'] })).toBe(true);
    expect(canEditTask(task, { userId: 'someone', permissions: ['members.read', 'batches.update'] })).toBe(false);
    expect(canEditTask({ createdBy: 'creator', assigneeId: null }, { userId: null, permissions: [] })).toBe(false);
  });

  it('a linked record is named only to holders of its read permission', () => {
    expect(canSeeLinkedRecord(['batches.read'], 'batch')).toBe(true);
    expect(canSeeLinkedRecord(['batches.read'], 'member')).toBe(false);
    expect(canSeeLinkedRecord(['members.read'], 'access_review')).toBe(true);
  });

  it('offers a new task only the kinds of record its creator may read, in the catalogue’s order', () => {
    expect(linkableRecordTypes(['sites.read', 'batches.read', 'inspections.read', 'serials.read'])).toEqual([
      'batch',
      'inspection',
      'site',
    ]);
    expect(linkableRecordTypes(['members.read', 'teams.read'])).toEqual(['member', 'team', 'access_review']);
    expect(linkableRecordTypes([])).toEqual([]);
  });

  it('has words for every status and priority', () => {
    for (const s of TASK_STATUSES) expect(TASK_STATUS_LABEL[s]).toMatch(/^[A-Z]/);
    for (const p of TASK_PRIORITIES) expect(TASK_PRIORITY_LABEL[p]).toMatch(/^[A-Z]/);
  });
});
