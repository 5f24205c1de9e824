import { sql } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { tenants } from '@/db/schema/tenancy';
import { logger } from '@/lib/platform/logger';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { auditChainKey } from './pending-chains';

/**
 * Chaining audit events in batches (drizzle/0042). A withTenant transaction inserts its audit events pending (no
 * lock on the chain head, so one tenant's writers share WAL flushes); after it commits, the chain is linked by
 * `audit_chain_pending`, which takes every committed pending event of the chain in one transaction: one flush for
 * the batch, however many writers wrote it.
 *
 * Why no event is left behind: `audit_chain_pending` takes the chain's advisory lock first and reads the pending
 * events after it has it, so a call that gets the lock sees every event committed before the call began. A writer
 * calls it after its own commit and waits for the lock when another transaction (another process) holds it, so its
 * events are chained by its own call or were by an earlier one. Within a process, writers of one chain share calls:
 * while a call runs, every writer that arrives waits for the one next call, which starts after the running one ends
 * and so after each of those writers committed. That is the batching: 8 writers in one process make at most two
 * calls in flight, not 8. A process that dies between a commit and its call leaves events pending: the minute sweep
 * (`chainAllPendingAuditEvents`) and every reader of the whole chain (`chainPendingAuditEvents` before it reads)
 * chain them.
 */

/** Events linked per call at most (the function's own default too): a long backlog goes in several transactions. */
export const AUDIT_CHAIN_BATCH = 10_000;

/** Link a chain's pending events now, waiting for the chain's lock; several calls when more than a batch waits. */
async function chainNow(db: Queryable, chainKey: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select audit_chain_pending(${chainKey}, true, ${AUDIT_CHAIN_BATCH})::int as n`),
    );
    const n = Number(row.n);
    total += n;
    if (n < AUDIT_CHAIN_BATCH) return total;
  }
}

type ChainRun = { running: Promise<void>; next: Promise<void> | null };
const runs = new Map<string, ChainRun>();

function chainSoon(chainKey: string): Promise<void> {
  const run = async () => {
    try {
      await chainNow(await getDb(), chainKey);
    } catch (error) {
      // The events are committed; the sweep or the next reader chains them.
      logger.error({ err: error, chain: chainKey }, 'could not chain audit events; the sweep or the next reader will');
    }
  };
  const current = runs.get(chainKey);
  if (!current) {
    const state: ChainRun = { running: Promise.resolve(), next: null };
    state.running = run().finally(() => {
      if (!state.next) runs.delete(chainKey);
    });
    runs.set(chainKey, state);
    return state.running;
  }
  // A call is running: it may have read the pending events before this writer committed. Wait for the next one.
  current.next ??= current.running.then(() => {
    current.next = null;
    current.running = run().finally(() => {
      if (!current.next) runs.delete(chainKey);
    });
    return current.running;
  });
  return current.next;
}

let awaitChaining = true;

/**
 * Whether withTenant waits for the chaining of its events before it returns (the default: a caller that reads the
 * trail next finds its events chained). When false the chaining runs behind the caller's back; the events are
 * committed either way, and readers chain what is pending before they read.
 */
export function awaitAuditChainingAfterCommit(wait: boolean): void {
  awaitChaining = wait;
}

/** After a commit: chain the pending events of these chains (lib/audit/pending-chains.ts collected them). Never throws. */
export async function chainAuditEventsAfterCommit(chainKeys: Iterable<string>): Promise<void> {
  const all = Promise.all([...chainKeys].map(chainSoon));
  if (awaitChaining) await all;
}

/**
 * For readers of a whole chain (verify, export, the audit list), before their own transaction: chain what is pending
 * in the tenant's trail (`tenantId` null: the platform trail), through the owner connection. Returns how many it
 * linked. On PGlite call it outside any open transaction (one connection).
 */
export async function chainPendingAuditEvents(tenantId: string | null): Promise<number> {
  return chainNow(await getDb(), auditChainKey(tenantId));
}

/**
 * The same inside a transaction already open (`tx` a tenant transaction of that tenant, or the owner connection's):
 * the chain stays locked until `tx` ends, so writers of the tenant wait that long for their chaining. Prefer
 * chainPendingAuditEvents before the transaction where the caller can.
 */
export async function chainPendingAuditEventsIn(tx: Queryable, tenantId: string | null): Promise<number> {
  return chainNow(tx, auditChainKey(tenantId));
}

export type AuditChainSweep = { chains: number; events: number };

/**
 * The minute sweep `chain-audit-events`: chain every chain that has pending events (left by a process that died
 * between a commit and its chaining). Two round trips find them however many tenants there are (the tenant list,
 * then drizzle/0042's tenants_with_pending_audit_events under each tenant's row-level security); the platform trail
 * is always asked (a call that finds nothing writes nothing). A chain whose lock another transaction holds is left to
 * it.
 */
export async function chainAllPendingAuditEvents(): Promise<AuditChainSweep> {
  const db = await getDb();
  const all = (await db.select({ id: tenants.id }).from(tenants)).map((t) => t.id);
  const keys = ['platform'];
  if (all.length > 0) {
    const ids = sql`${`{${all.join(',')}}`}::uuid[]`;
    const rows = await withTenant(null, async (tx) =>
      rowsOf<{ id: string }>(await tx.execute(sql`select t as id from tenants_with_pending_audit_events(${ids}) as t`)),
    );
    keys.push(...rows.map((r) => r.id));
  }
  const sweep: AuditChainSweep = { chains: 0, events: 0 };
  for (const key of keys) {
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select audit_chain_pending(${key}, false, ${AUDIT_CHAIN_BATCH})::int as n`));
    let n = Number(row.n);
    if (n === AUDIT_CHAIN_BATCH) n += await chainNow(db, key);
    if (n > 0) {
      sweep.chains += 1;
      sweep.events += n;
    }
  }
  return sweep;
}
