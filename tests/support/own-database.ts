import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { closeDb, getDbHandle } from '@/db/client';
import { migrate } from '@/db/migrate';

/**
 * For a test file that changes platform-wide state other files rely on (the signing keys: emptied, rotated, purged
 * with the clock moved a day on): on PostgreSQL, where every integration file shares one database and runs in
 * parallel, the file moves to a fresh database of its own (migrated here, dropped after). On PGlite each file has its
 * own database already, and nothing changes.
 */
export async function useOwnDatabase(): Promise<() => Promise<void>> {
  const shared = process.env.DATABASE_URL;
  if (!shared) return async () => {};
  const url = new URL(shared);
  const name = `custos_own_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(shared, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await closeDb();
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  await migrate(await getDbHandle());
  return async () => {
    await closeDb();
    process.env.DATABASE_URL = shared;
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
