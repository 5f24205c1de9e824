// `npm run db:seed`: load the demo data of API.md (skipped when the database already has users).
import { closeDb, getDbHandle } from './client';
import { migrate } from './migrate';
import { demoLoginsText, seed } from './seed';

async function main() {
  const handle = await getDbHandle();
  if (handle.kind === 'pglite') await migrate(handle);
  const { seeded } = await seed(handle.db);
  console.log(seeded ? 'Seeded the demo data.' : 'The demo data is already there; seed skipped.');
  console.log(demoLoginsText(process.env.APP_URL ?? 'http://localhost:3000'));
  await closeDb();
}

main().catch((error) => {
  console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
