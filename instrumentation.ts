// Next.js calls register() once when a server process starts (dev, `next start`, standalone).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { capturePeerAddress } = await import('./lib/http/capture-peer-address');
  capturePeerAddress();
  const { startup } = await import('./lib/platform/startup');
  await startup();
}

// Next.js calls onRequestError for an error a page, route or action did not handle: a lost database marks the
// process so the next console pages answer 503 (proxy.ts) until it answers again.
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { isConnectionError } = await import('./lib/errors');
  if (!isConnectionError(error)) return;
  const { markDatabaseDown } = await import('./lib/platform/database-status');
  markDatabaseDown();
}
