import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from '@/lib/audit/action-labels';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import { eventDataFromAudit, eventTypesForAction, EVENTS_FROM_AUDIT } from '@/lib/webhooks/events-from-audit';

describe('webhook events raised by audited changes', () => {
  it('every catalog type is raised by at least one audited action (except the chain check and the test event)', () => {
    const raised = new Set(Object.values(EVENTS_FROM_AUDIT).flat());
    const notRaised = WEBHOOK_EVENT_TYPES.map((e) => e.type).filter((t) => !raised.has(t));
    expect(notRaised).toEqual(['audit.chain.broken']);
    expect(raised.has(TEST_EVENT_TYPE as never)).toBe(false);
  });

  it('every mapped action is an audited action with words', () => {
    const unknown = Object.keys(EVENTS_FROM_AUDIT).filter((a) => !Object.hasOwn(AUDIT_ACTION_LABELS, a));
    expect(unknown).toEqual([]);
  });

  it('release and recall raise the status change and their own event; unmapped actions raise nothing', () => {
    expect(eventTypesForAction('batch.released')).toEqual(['batch.status_changed', 'batch.released']);
    expect(eventTypesForAction('batch.recalled')).toEqual(['batch.status_changed', 'batch.recalled']);
    expect(eventTypesForAction('batch.quarantined')).toEqual(['batch.status_changed']);
    expect(eventTypesForAction('user.signed_in')).toBeUndefined();
    expect(eventTypesForAction('toString')).toBeUndefined();
  });

  it('a member event names the object, its state, the person and who acted', () => {
    const data = eventDataFromAudit({
      action: 'member.removed',
      targetType: 'member',
      targetId: 'm-1',
      before: { userId: 'u-1', email: 'a@b.test', status: 'active' },
      after: null,
      reason: 'left',
      actor: { type: 'system', id: 'dormancy', name: 'Dormancy' },
    });
    expect(data).toMatchObject({
      object: { type: 'member', id: 'm-1' },
      action: 'member.removed',
      state: null,
      previous: { status: 'active' },
      member: { id: 'm-1', userId: 'u-1', email: 'a@b.test' },
      actor: { type: 'system', id: 'dormancy', name: 'Dormancy' },
      reason: 'left',
    });
  });
});
