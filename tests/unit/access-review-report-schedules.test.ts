import { describe, expect, it } from 'vitest';
import { addMonths, periodLabel, successorName, successorPlan } from '@/lib/access-reviews/recurring';
import { reminderSteps } from '@/lib/access-reviews/reminders';

// The rules of the access-review schedules, pure: when a reviewer is reminded and a campaign escalated, and when and
// how a recurring campaign's successor starts.

const at = (iso: string) => new Date(iso);

describe('reminderSteps', () => {
  const open = { status: 'open' as const, dueOn: '2027-03-31', remindedAt: null, escalatedAt: null };
  it('reminds from three days before the due date, once', () => {
    expect(reminderSteps(open, at('2027-03-27T23:59:00Z'))).toEqual({ remind: false, escalate: false });
    expect(reminderSteps(open, at('2027-03-28T00:00:00Z'))).toEqual({ remind: true, escalate: false });
    expect(reminderSteps(open, at('2027-03-31T12:00:00Z'))).toEqual({ remind: true, escalate: false });
    expect(reminderSteps({ ...open, remindedAt: '2027-03-28T06:35:00Z' }, at('2027-03-30T00:00:00Z'))).toEqual({
      remind: false,
      escalate: false,
    });
  });
  it('escalates the day after the due date, once; a closed campaign never', () => {
    const reminded = { ...open, remindedAt: '2027-03-28T06:35:00Z' };
    expect(reminderSteps(reminded, at('2027-03-31T23:59:00Z')).escalate).toBe(false);
    expect(reminderSteps(reminded, at('2027-04-01T00:00:00Z')).escalate).toBe(true);
    expect(reminderSteps({ ...reminded, escalatedAt: '2027-04-01T06:35:00Z' }, at('2027-04-09T00:00:00Z')).escalate).toBe(false);
    // Never reminded (started late, or the job was off): reminded and escalated in the same run.
    expect(reminderSteps(open, at('2027-04-02T00:00:00Z'))).toEqual({ remind: true, escalate: true });
    expect(reminderSteps({ ...open, status: 'closed' }, at('2027-04-02T00:00:00Z'))).toEqual({ remind: false, escalate: false });
  });
});

describe('recurring campaigns', () => {
  it('adds months keeping the day where the month has it', () => {
    expect(addMonths('2027-01-15', 3)).toBe('2027-04-15');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2027-08-31', 1)).toBe('2027-09-30');
    expect(addMonths('2027-03-01', 12)).toBe('2028-03-01');
  });

  it('labels and names the next period', () => {
    expect(periodLabel('quarterly', '2027-07-01')).toBe('Q3 2027');
    expect(periodLabel('quarterly', '2027-12-31')).toBe('Q4 2027');
    expect(periodLabel('yearly', '2028-01-02')).toBe('2028');
    expect(successorName('Q2 2027 user-access review', 'quarterly', 'Q3 2027')).toBe('Q3 2027 user-access review');
    expect(successorName('SOX review (Q4-2027)', 'quarterly', 'Q1 2028')).toBe('SOX review (Q1 2028)');
    expect(successorName('Access review 2026 for 2027', 'yearly', '2028')).toBe('Access review 2026 for 2028');
    expect(successorName('Privileged access', 'quarterly', 'Q3 2027')).toBe('Privileged access Q3 2027');
    expect(successorName('x'.repeat(200), 'yearly', '2028')).toHaveLength(200);
  });

  it('is due a period after the start, due as many days after its own start', () => {
    const quarterly = { name: 'Q1 2027 review', recurrence: 'quarterly' as const, startedOn: '2027-01-15', dueOn: '2027-02-14' };
    expect(successorPlan(quarterly, at('2027-04-14T23:00:00Z'))).toEqual({ due: false });
    expect(successorPlan(quarterly, at('2027-04-15T00:15:00Z'))).toEqual({
      due: true,
      name: 'Q2 2027 review',
      dueOn: '2027-05-15',
      startsOn: '2027-04-15',
    });
    // A late run starts it on its own day, named for that day's period.
    expect(successorPlan(quarterly, at('2027-07-02T00:15:00Z'))).toMatchObject({
      name: 'Q3 2027 review',
      startsOn: '2027-07-02',
      dueOn: '2027-08-01',
    });
    expect(successorPlan({ ...quarterly, recurrence: 'yearly', name: 'Review 2027' }, at('2028-01-15T00:15:00Z'))).toMatchObject({
      name: 'Review 2028',
    });
    expect(successorPlan({ ...quarterly, recurrence: 'none' }, at('2030-01-01T00:00:00Z'))).toEqual({ due: false });
  });
});
