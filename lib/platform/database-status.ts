/**
 * Whether this process has lately found the database unreachable, so that console pages can answer a plain 503
 * (proxy.ts) instead of failing to render with a 500. Set by every `DatabaseUnavailableError` and by Next's
 * onRequestError for a connection error (instrumentation.ts); cleared by the next query that answers (the
 * proxy's probe, the readiness check). Kept on globalThis: the proxy and the route bundles share it.
 */
const state = globalThis as unknown as { __custosDatabaseDownAt?: number };

export function markDatabaseDown(): void {
  state.__custosDatabaseDownAt = Date.now();
}

export function markDatabaseUp(): void {
  state.__custosDatabaseDownAt = undefined;
}

export function databaseMarkedDown(): boolean {
  return state.__custosDatabaseDownAt !== undefined;
}
