// `npm run cli -- <command> [options]`: administration from a terminal, through the same domain layer.
import { parseArgs } from 'node:util';
import { closeDb, getDbHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { demoLoginsText, seed } from '@/db/seed';

type Command = { summary: string; usage: string; run: (args: string[]) => Promise<void> };

const commands: Record<string, Command> = {
  migrate: {
    summary: 'apply pending migrations to DATABASE_URL (or the embedded database)',
    usage: 'migrate',
    run: async () => {
      const handle = await getDbHandle();
      await migrate(handle);
      console.log(`Migrated ${handle.kind} database at ${handle.location}`);
    },
  },
  seed: {
    summary: 'load the demo data (skipped when it is already there)',
    usage: 'seed',
    run: async () => {
      const handle = await getDbHandle();
      if (handle.kind === 'pglite') await migrate(handle);
      const { seeded } = await seed(handle.db);
      console.log(seeded ? 'Seeded the demo data.' : 'The demo data is already there; seed skipped.');
      console.log(demoLoginsText(process.env.APP_URL ?? 'http://localhost:3000'));
    },
  },
};

function help(): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return ['Usage: npm run cli -- <command> [options]', '', ...Object.values(commands).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === 'help' || name === '--help') {
    console.log(help());
    return;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    process.exitCode = 2;
    return;
  }
  parseArgs({ args: rest, options: {}, strict: true });
  await command.run(rest);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => closeDb());
