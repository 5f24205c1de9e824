import { sql } from 'drizzle-orm';
import { getDb, getDbHandle } from '@/db/client';
import { markDatabaseDown, markDatabaseUp } from './database-status';

const state = globalThis as unknown as { __custosDatabaseProbe?: Promise<boolean>; __custosDatabaseAnsweredAt?: number };

/**
 * Does the database answer `select 1` within `timeoutMs`? Concurrent callers share one probe; the answer marks the
 * database up or down (lib/platform/database-status.ts). The proxy asks while the database is marked down, and
 * through `databaseAnsweredLately` before a console page.
 */
export function databaseAnswers(timeoutMs = 2_000): Promise<boolean> {
  state.__custosDatabaseProbe ??= (async () => {
    try {
      await Promise.race([
        (async () => (await getDb()).execute(sql`select 1`))(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref?.()),
      ]);
      markDatabaseUp();
      state.__custosDatabaseAnsweredAt = Date.now();
      return true;
    } catch {
      markDatabaseDown();
      return false;
    } finally {
      setTimeout(() => (state.__custosDatabaseProbe = undefined), 0);
    }
  })();
  return state.__custosDatabaseProbe;
}

/**
 * Before a signed-in console page: did the database answer a probe within `maxAgeMs`, or does it answer one now?
 * So the first page of an outage is a 503 too, not a page that fails to render — at the cost of at most one
 * `select 1` a second per process. PGlite lives in this process and cannot be unreachable: not probed (a probe
 * would only queue behind a serial job's chunk on its single connection).
 */
export async function databaseAnsweredLately(maxAgeMs = 1_000): Promise<boolean> {
  const answeredAt = state.__custosDatabaseAnsweredAt;
  if (answeredAt !== undefined && Date.now() - answeredAt < maxAgeMs) return true;
  if ((await getDbHandle()).kind === 'pglite') return true;
  return databaseAnswers();
}
