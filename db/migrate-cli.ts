// `npm run db:migrate`: apply drizzle/ to DATABASE_URL (or the embedded database when unset).
import { closeDb, getDbHandle } from './client';
import { migrate } from './migrate';

async function main() {
  const handle = await getDbHandle();
  await migrate(handle);
  console.log(`Migrated ${handle.kind} database at ${handle.location}`);
  await closeDb();
}

main().catch((error) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
