import { resetKv } from '@/lib/platform/kv';
import { startUpstashShim, type UpstashShim } from './upstash-shim';

/**
 * The kv stores a test runs its cases on: the PostgreSQL kv table always, and Upstash through the REST shim in front
 * of a real Redis when REDIS_URL is set (CI). Each store's function makes it the one getKv() answers with; `close`
 * (for afterAll) goes back to the PostgreSQL store and stops the shim.
 */
export function kvStores(names: { postgres: string; upstash: string }): {
  stores: Array<[string, () => Promise<void>]>;
  close: () => Promise<void>;
} {
  let shim: UpstashShim | undefined;
  const toPostgres = async () => {
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    resetKv();
  };
  const stores: Array<[string, () => Promise<void>]> = [[names.postgres, toPostgres]];
  if (process.env.REDIS_URL) {
    stores.push([
      names.upstash,
      async () => {
        shim ??= await startUpstashShim({ redisUrl: process.env.REDIS_URL });
        process.env.UPSTASH_REDIS_REST_URL = shim.url;
        process.env.UPSTASH_REDIS_REST_TOKEN = shim.token;
        resetKv();
      },
    ]);
  }
  return {
    stores,
    close: async () => {
      await toPostgres();
      await shim?.close();
      shim = undefined;
    },
  };
}
