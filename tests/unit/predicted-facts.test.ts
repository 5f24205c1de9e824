import { describe, expect, it } from 'vitest';
import type { SessionFacts } from '@/lib/tenancy/session-facts';
import { keepFacts, predictedFacts, predictionStats, PREDICTIONS_KEPT } from '@/lib/tenancy/predicted-facts';

// The predictions kept for reads (lib/tenancy/predicted-facts.ts): by credential and tenant, only facts
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

const keep = (id: string, tenantId: string, facts: SessionFacts & { fingerprint: string }) =>
  keepFacts({ kind: 'session', id, tenantId }, facts, !!facts.session && !!facts.member);
const predicted = (id: string, tenantId: string) => predictedFacts<SessionFacts>({ kind: 'session', id, tenantId });

describe('predicted facts', () => {
  it('are kept by credential and tenant, and replaced by the facts the next request found', () => {
    keep('s1', 't1', letIn('a'));
    expect(predicted('s1', 't1')?.fingerprint).toBe('a');
    expect(predicted('s1', 't2')).toBeUndefined();
    expect(predicted('s2', 't1')).toBeUndefined();
    keep('s1', 't1', letIn('b'));
    expect(predicted('s1', 't1')?.fingerprint).toBe('b');
    // An API key's prediction is kept apart from a session's, whatever the ids.
    expect(predictedFacts({ kind: 'api_key', id: 's1', tenantId: 't1' })).toBeUndefined();
  });

  it('are dropped when the facts let nobody in (no live session, not a member)', () => {
    keep('s3', 't1', letIn('a'));
    keep('s3', 't1', { ...letIn('revoked'), session: null });
    expect(predicted('s3', 't1')).toBeUndefined();
    keep('s4', 't1', letIn('a'));
    keep('s4', 't1', { ...letIn('left'), member: null });
    expect(predicted('s4', 't1')).toBeUndefined();
  });

  it(`hold at most ${PREDICTIONS_KEPT}, dropping the least recently used`, () => {
    keep('first', 't', letIn('first'));
    keep('second', 't', letIn('second'));
    for (let n = 0; n < PREDICTIONS_KEPT - 2; n++) keep(`s-${n}`, 't', letIn(String(n)));
    expect(predictionStats().kept).toBe(PREDICTIONS_KEPT);
    expect(predicted('first', 't')).toBeDefined(); // used: now the most recent
    keep('one-more', 't', letIn('x'));
    expect(predictionStats().kept).toBe(PREDICTIONS_KEPT);
    expect(predicted('second', 't')).toBeUndefined(); // the least recently used went
    expect(predicted('first', 't')).toBeDefined();
    expect(predicted('one-more', 't')).toBeDefined();
  });
});
