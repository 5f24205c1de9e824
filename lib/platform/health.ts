import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { markDatabaseDown, markDatabaseUp } from './database-status';
import { getKv } from './kv';
import { logger } from './logger';

type CheckStatus = 'ok' | 'unavailable';
/** `degraded`: Upstash is unreachable and the kv store runs on its PostgreSQL fallback (still ready). */
export type Readiness = { ready: boolean; checks: { database: CheckStatus; kv: CheckStatus | 'degraded' } };

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref?.()),
  ]);
}

async function check(name: string, run: () => Promise<unknown>): Promise<CheckStatus> {
  try {
    await within(run(), 4000);
    return 'ok';
  } catch (error) {
    logger.warn({ check: name, err: { message: (error as Error).message } }, 'readiness check failed');
    return 'unavailable';
  }
}

/**
 * Can this instance serve traffic? The database answers a query and the kv store answers a ping. An Upstash
 * outage alone keeps it ready: the kv store answers from PostgreSQL then, and the check says `degraded`.
 */
export async function readiness(): Promise<Readiness> {
  const database = await check('database', async () => (await getDb()).execute(sql`select 1`));
  if (database === 'ok') markDatabaseUp();
  else markDatabaseDown();
  let degraded = false;
  const pinged = await check('kv', async () => {
    const store = await getKv();
    await store.ping();
    degraded = store.degraded === true;
  });
  const kv = pinged === 'ok' && degraded ? 'degraded' : pinged;
  return { ready: database === 'ok' && kv !== 'unavailable', checks: { database, kv } };
}
