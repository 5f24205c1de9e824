import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { markDatabaseDown, markDatabaseUp } from './database-status';

const state = globalThis as unknown as { __custosDatabaseProbe?: Promise<boolean> };

/**
 * Does the database answer `select 1` within `timeoutMs`? Concurrent callers share one probe; the answer marks the
 * database up or down (lib/platform/database-status.ts). The proxy asks only while the database is marked down.
 */
export function databaseAnswers(timeoutMs = 2_000): Promise<boolean> {
  state.__custosDatabaseProbe ??= (async () => {
    try {
      await Promise.race([
        (async () => (await getDb()).execute(sql`select 1`))(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref?.()),
      ]);
      markDatabaseUp();
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
