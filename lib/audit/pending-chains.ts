import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The audit chains a transaction wrote pending events to, remembered until it commits (as lib/webhooks/
 * pending-deliveries.ts remembers webhook deliveries): withTenant runs its transaction inside `collectingAuditChains`
 * and defers chaining in it (drizzle/0042), recordAudit adds the event's chain, and after a successful commit
 * withTenant chains them (lib/audit/chain-pending.ts). A transaction that rolls back chains nothing: its events are
 * gone. Events whose chaining was lost (the process died between commit and chaining) are chained by the minute sweep
 * and by every reader of the whole chain before it reads.
 *
 * No database imports here: this module is on every request's path.
 */
export type PendingAuditChains = Set<string>;

const storage = new AsyncLocalStorage<PendingAuditChains>();

/** Run `fn` with a fresh set of chains (a nested transaction gets its own). */
export function collectingAuditChains<T>(chains: PendingAuditChains, fn: () => Promise<T>): Promise<T> {
  return storage.run(chains, fn);
}

/** The chain key of a tenant's trail, or of the platform trail (`tenantId` null), as drizzle/0001 names it. */
export function auditChainKey(tenantId: string | null): string {
  return tenantId ?? 'platform';
}

/** Remember a chain for after the commit of the transaction running now (nothing outside withTenant). */
export function rememberAuditChain(tenantId: string | null): void {
  storage.getStore()?.add(auditChainKey(tenantId));
}
