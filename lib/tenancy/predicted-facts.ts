/**
 * The facts a credential's last request in a tenant found (a session's: lib/tenancy/session-facts.ts; an API key's:
 * lib/tenancy/api-key-facts.ts), kept by this process as a prediction for its next read: a GET starts its handler on
 * them while the facts are read afresh in the same round trip (lib/tenancy/tenant-context.ts). A prediction is never
 * trusted: the answer it produced is given only when the facts read in that request's own transaction, before any of
 * the handler's statements, are exactly those predicted (same fingerprint: the facts row as read). Otherwise the
 * transaction is rolled back and the request run again on the facts just read. So a revoked session or key, or a
 * changed permission, applies on the next request, on every instance, as without predictions; a wrong prediction
 * costs one more transaction, never a stale answer.
 *
 * Bounded: past `PREDICTIONS_KEPT` entries the least recently used is dropped (its next request simply reads first).
 */
export type PredictedFacts<F> = { facts: F; fingerprint: string };

/** Whose facts: a session (by its id) or an API key (by its public prefix). */
export type PredictionKey = { kind: 'session' | 'api_key'; id: string; tenantId: string };

export const PREDICTIONS_KEPT = 4096;

const kept = new Map<string, PredictedFacts<unknown>>();
const outcomes = { held: 0, missed: 0 };

const keyOf = ({ kind, id, tenantId }: PredictionKey) => `${kind}:${id}:${tenantId}`;

/** The facts this credential's last request in the tenant found, if this process still holds them. */
export function predictedFacts<F>(key: PredictionKey): PredictedFacts<F> | undefined {
  const name = keyOf(key);
  const found = kept.get(name) as PredictedFacts<F> | undefined;
  if (found) {
    // Most recently used last: the first key is the one to drop.
    kept.delete(name);
    kept.set(name, found);
  }
  return found;
}

/**
 * Keep the facts a request found for the next one. Facts that let nobody in (`letsIn` false: no live session, not a
 * member, no such key) are dropped instead: such a request always reads first.
 */
export function keepFacts<F extends { fingerprint: string }>(key: PredictionKey, facts: F, letsIn: boolean): void {
  const name = keyOf(key);
  kept.delete(name);
  if (!letsIn) return;
  if (kept.size >= PREDICTIONS_KEPT) {
    const oldest = kept.keys().next();
    if (!oldest.done) kept.delete(oldest.value);
  }
  kept.set(name, { facts, fingerprint: facts.fingerprint });
}

/** Count a prediction's outcome: held (its answer was given) or missed (rolled back, run again). */
export function countPrediction(held: boolean): void {
  if (held) outcomes.held++;
  else outcomes.missed++;
}

/** How many predictions this process holds, and how many held or missed since it started (tests, benchmarks). */
export function predictionStats(): { kept: number; held: number; missed: number } {
  return { kept: kept.size, ...outcomes };
}
