import { describe, expect, it } from 'vitest';
import type { SessionFacts } from '@/lib/tenancy/session-facts';
import { keepSessionFacts, predictedSessionFacts, predictionStats, PREDICTIONS_KEPT } from '@/lib/tenancy/predicted-session-facts';

// The predictions kept for reads by session (lib/tenancy/predicted-session-facts.ts): by session and tenant, only facts
// that let someone in, the least recently used dropped past the bound. Whether a prediction is honoured is decided
// per request against the facts read afresh (tests/integration/predicted-session-facts.test.ts).
const letIn = (fingerprint: string) =>
  ({
    fingerprint,
    session: { id: 'user' },
    member: { membershipId: 'm' },
    passwordAge: { expired: false },
    ssoRequired: () => ({}),
  }) as unknown as SessionFacts & { fingerprint: string };

describe('predicted session facts', () => {
  it('are kept by session and tenant, and replaced by the facts the next request found', () => {
    keepSessionFacts('s1', 't1', letIn('a'));
    expect(predictedSessionFacts('s1', 't1')?.fingerprint).toBe('a');
    expect(predictedSessionFacts('s1', 't2')).toBeUndefined();
    expect(predictedSessionFacts('s2', 't1')).toBeUndefined();
    keepSessionFacts('s1', 't1', letIn('b'));
    expect(predictedSessionFacts('s1', 't1')?.fingerprint).toBe('b');
  });

  it('are dropped when the facts let nobody in (no live session, not a member)', () => {
    keepSessionFacts('s3', 't1', letIn('a'));
    keepSessionFacts('s3', 't1', { ...letIn('revoked'), session: null });
    expect(predictedSessionFacts('s3', 't1')).toBeUndefined();
    keepSessionFacts('s4', 't1', letIn('a'));
    keepSessionFacts('s4', 't1', { ...letIn('left'), member: null });
    expect(predictedSessionFacts('s4', 't1')).toBeUndefined();
  });

  it(`hold at most ${PREDICTIONS_KEPT}, dropping the least recently used`, () => {
    keepSessionFacts('first', 't', letIn('first'));
    keepSessionFacts('second', 't', letIn('second'));
    for (let n = 0; n < PREDICTIONS_KEPT - 2; n++) keepSessionFacts(`s-${n}`, 't', letIn(String(n)));
    expect(predictionStats().kept).toBe(PREDICTIONS_KEPT);
    expect(predictedSessionFacts('first', 't')).toBeDefined(); // used: now the most recent
    keepSessionFacts('one-more', 't', letIn('x'));
    expect(predictionStats().kept).toBe(PREDICTIONS_KEPT);
    expect(predictedSessionFacts('second', 't')).toBeUndefined(); // the least recently used went
    expect(predictedSessionFacts('first', 't')).toBeDefined();
    expect(predictedSessionFacts('one-more', 't')).toBeDefined();
  });
});
