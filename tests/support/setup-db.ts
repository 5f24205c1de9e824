import { readFileSync } from 'node:fs';
import { afterAll, inject } from 'vitest';
import { closeDb } from '@/db/client';
import { resetKv } from '@/lib/platform/kv';
import type {} from './global-setup';

/**
 * Before each integration test file: without DATABASE_URL the file gets its own in-memory PGlite,
 * loaded from the migrated snapshot made by global-setup.ts. After the file, the database closes.
 */
(process.env as Record<string, string>).NODE_ENV = 'test';
if (!process.env.DATABASE_URL) {
  process.env.PGLITE_DIR = 'memory://';
  const snapshot = inject('pgliteSnapshot');
  if (!snapshot) throw new Error('global-setup.ts did not make a PGlite snapshot');
  (globalThis as unknown as { __custosPgliteSnapshot?: Blob }).__custosPgliteSnapshot = new Blob([readFileSync(snapshot)]);
}

afterAll(async () => {
  resetKv();
  await closeDb();
});
