import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { getKv } from './kv';
import { logger } from './logger';

export type CheckStatus = 'ok' | 'unavailable';
export type Readiness = { ready: boolean; checks: { database: CheckStatus; kv: CheckStatus } };

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

/** Can this instance serve traffic? The database answers a query and the kv store answers a ping. */
export async function readiness(): Promise<Readiness> {
  const database = await check('database', async () => (await getDb()).execute(sql`select 1`));
  const kv = await check('kv', async () => (await getKv()).ping());
  return { ready: database === 'ok' && kv === 'ok', checks: { database, kv } };
}
