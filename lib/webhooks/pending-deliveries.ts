import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The webhook deliveries a tenant transaction wrote, remembered until it commits: withTenant (and
 * withTenantPipelined) run their transaction inside `collectingDeliveries`, recordWebhookEvent adds to it, and after
 * a successful commit withTenant hands them to the job engine (lib/webhooks/enqueue-deliveries.ts). A transaction
 * that rolls back sends nothing: its rows are gone and its list is dropped. Deliveries written outside withTenant,
 * or lost between commit and enqueue (the process died), are found by the sweep (lib/webhooks/sweep-deliveries.ts).
 *
 * No database or job-engine imports here: this module is on every request's path.
 */
export type PendingDeliveries = Map<string, string[]>;

const storage = new AsyncLocalStorage<PendingDeliveries>();

/** Run `fn` with a fresh list of deliveries (a nested transaction gets its own list). */
export function collectingDeliveries<T>(pending: PendingDeliveries, fn: () => Promise<T>): Promise<T> {
  return storage.run(pending, fn);
}

/** Remember deliveries for after the commit of the transaction running now (none outside withTenant). */
export function rememberDeliveries(tenantId: string, deliveryIds: readonly string[]): boolean {
  if (deliveryIds.length === 0) return true;
  const pending = storage.getStore();
  if (!pending) return false;
  const list = pending.get(tenantId);
  if (list) list.push(...deliveryIds);
  else pending.set(tenantId, [...deliveryIds]);
  return true;
}
