import path from 'node:path';
import { getDbHandle, type DbHandle } from './client';

/** Where drizzle-kit writes migrations; the standalone image copies this folder beside server.js. */
export function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR ?? path.resolve(/* turbopackIgnore: true */ process.cwd(), 'drizzle');
}

/** Apply every pending migration in drizzle/ (generated and hand-written) to the process's database. */
export async function migrate(handle?: DbHandle): Promise<void> {
  const h = handle ?? (await getDbHandle());
  if (h.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(h.db as unknown as Parameters<typeof run>[0], { migrationsFolder: migrationsFolder() });
  } else {
    const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
    await run(h.db, { migrationsFolder: migrationsFolder() });
  }
}
