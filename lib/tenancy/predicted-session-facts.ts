import type { SessionFacts } from './session-facts';

/**
 * The session facts a person's last request in a tenant found (lib/tenancy/session-facts.ts), kept by this process as
 * a prediction for their next read: a GET by session starts its handler on them while the facts are read afresh in
 * the same round trip (lib/tenancy/tenant-context.ts). A prediction is never trusted: the answer it produced is
 * given only when the facts read in that request's own transaction, before any of the handler's statements, are
 * exactly those predicted (same fingerprint). Otherwise the transaction is rolled back and the request run again on
 * the facts just read. So a revoked session or a changed permission applies on the next request, on every instance,
 * as without predictions; a wrong prediction costs one more transaction, never a stale answer.
 *
 * Bounded: past `PREDICTIONS_KEPT` entries the least recently used is dropped (its next request simply reads first).
 */
export type PredictedSessionFacts = { facts: SessionFacts; fingerprint: string };

export const PREDICTIONS_KEPT = 4096;

const kept = new Map<string, PredictedSessionFacts>();

const keyOf = (sessionId: string, tenantId: string) => `${sessionId}:${tenantId}`;

/** The facts this session's last request in the tenant found, if this process still holds them. */
export function predictedSessionFacts(sessionId: string, tenantId: string): PredictedSessionFacts | undefined {
  const key = keyOf(sessionId, tenantId);
  const found = kept.get(key);
  if (found) {
    // Most recently used last: the first key is the one to drop.
    kept.delete(key);
    kept.set(key, found);
  }
  return found;
}

/** Keep the facts a request found for the next one; facts that let nothing in (no live session, not a member) are dropped. */
export function keepSessionFacts(sessionId: string, tenantId: string, facts: SessionFacts & { fingerprint: string }): void {
  const key = keyOf(sessionId, tenantId);
  kept.delete(key);
  if (!facts.session || !facts.member) return;
  if (kept.size >= PREDICTIONS_KEPT) {
    const oldest = kept.keys().next();
    if (!oldest.done) kept.delete(oldest.value);
  }
  kept.set(key, { facts, fingerprint: facts.fingerprint });
}

const outcomes = { held: 0, missed: 0 };

/** Count a prediction's outcome: held (its answer was given) or missed (rolled back, run again). */
export function countPrediction(held: boolean): void {
  if (held) outcomes.held++;
  else outcomes.missed++;
}

/** How many predictions this process holds, and how many held or missed since it started (tests, benchmarks). */
export function predictionStats(): { kept: number; held: number; missed: number } {
  return { kept: kept.size, ...outcomes };
}
