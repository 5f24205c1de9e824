import { sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { retryIfConnectionLostBeforeStart } from '@/lib/db-retry';
import { DatabaseUnavailableError, isConnectionError } from '@/lib/errors';
import { collectingDeliveries, type PendingDeliveries } from '@/lib/webhooks/pending-deliveries';

/**
 * The one way tenant work reaches the database: a transaction that first becomes `custos_app`
 * (a non-owner role, so FORCE ROW LEVEL SECURITY applies) and names the tenant, in one statement.
 * Inside, tenant-owned tables show and accept only that tenant's rows.
 *
 * `userId` additionally lets the memberships policy show that person's memberships of other tenants
 * ("your tenants"). Pass `tenantId: null` for user-scoped work with no tenant chosen.
 *
 * On PGlite a transaction holds the only connection: do not call getDb() (or the Postgres kv store)
 * from inside `fn`; use `tx`.
 *
 * A connection lost before the transaction began (a pooled connection that died with a database restart) is tried
 * once more on a fresh one (lib/db-retry.ts); any other lost connection is a 503 (DatabaseUnavailableError).
 */
export async function withTenant<T>(
  tenantId: string | null,
  fn: (tx: Tx) => Promise<T>,
  options: { userId?: string | null } = {},
): Promise<T> {
  const db = await getDb();
  const deliveries: PendingDeliveries = new Map();
  try {
    const result = await collectingDeliveries(deliveries, () =>
      retryIfConnectionLostBeforeStart((started) =>
        db.transaction(async (tx) => {
          started();
          await tx.execute(tenantSetup(tenantId, options.userId));
          return fn(tx);
        }),
      ),
    );
    if (deliveries.size > 0) await sendAfterCommit(deliveries);
    return result;
  } catch (error) {
    if (isConnectionError(error)) throw new DatabaseUnavailableError(error);
    throw error;
  }
}

const tenantSetup = (tenantId: string | null, userId: string | null | undefined) =>
  sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', ${tenantId ?? ''}, true), set_config('app.user_id', ${userId ?? ''}, true)`;

/**
 * withTenant for the hot path of every API request: `first` is sent right behind the setup statement,
 * without waiting for its answer. With prepared statements (db/client.ts) postgres.js pipelines both on
 * the transaction's connection, which runs them in the order sent: one round trip for the two. PGlite
 * runs them in order too. Setup is started first, in the same tick; `fn` continues with `first`'s result.
 */
export async function withTenantPipelined<F, T>(
  tenantId: string,
  userId: string | null,
  first: (tx: Tx) => Promise<F>,
  fn: (tx: Tx, first: F) => Promise<T>,
): Promise<T> {
  const db = await getDb();
  const deliveries: PendingDeliveries = new Map();
  try {
    const outcome = await collectingDeliveries(deliveries, () =>
      retryIfConnectionLostBeforeStart((started) =>
        db.transaction(async (tx) => {
          started();
          // drizzle's query is lazy: calling then() sends it now, so it shares a round trip with `first`.
          const setup = new Promise((resolve, reject) => {
            tx.execute(tenantSetup(tenantId, userId)).then(resolve, reject);
          });
          const head = first(tx);
          const [, result] = await Promise.all([setup, head]);
          return fn(tx, result);
        }),
      ),
    );
    if (deliveries.size > 0) await sendAfterCommit(deliveries);
    return outcome;
  } catch (error) {
    if (isConnectionError(error)) throw new DatabaseUnavailableError(error);
    throw error;
  }
}

/**
 * For tenant work in a transaction of its own making (accepting an invitation, finishing an SSO sign-in): run `fn`
 * (which opens and commits its transaction), then hand the webhook deliveries it wrote to the job engine, as
 * withTenant does. When `fn` throws, nothing was committed and nothing is sent.
 */
export async function sendingWebhooksAfterCommit<T>(fn: () => Promise<T>): Promise<T> {
  const deliveries: PendingDeliveries = new Map();
  const result = await collectingDeliveries(deliveries, fn);
  if (deliveries.size > 0) await sendAfterCommit(deliveries);
  return result;
}

/**
 * The webhook deliveries the committed transaction wrote (lib/webhooks/record-event.ts) go to the job engine now.
 * Never throws (the change is committed): a delivery whose job is lost is sent by the sweep.
 */
async function sendAfterCommit(deliveries: PendingDeliveries): Promise<void> {
  try {
    const { enqueueWebhookDeliveries } = await import('@/lib/webhooks/enqueue-deliveries');
    for (const [tenantId, ids] of deliveries) await enqueueWebhookDeliveries(tenantId, ids);
  } catch {
    // enqueueJobs logs its own failures; the sweep finds what was not queued.
  }
}
