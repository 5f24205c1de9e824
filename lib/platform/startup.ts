import { getDbHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { demoLoginsText, seed } from '@/db/seed';
import { EnvError, env } from './env';
import { logger } from './logger';

/**
 * Server start: validate configuration (stop with one line per problem), then, on the embedded
 * database, create, migrate and seed it so `npm run dev` works with nothing configured.
 * With DATABASE_URL, `npm run db:migrate` prepares the database (or MIGRATE_ON_START=1 / SEED_ON_START=1).
 */
export async function startup(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`Custos cannot start: the configuration has ${error.problems.length} problem(s):`);
      for (const problem of error.problems) console.error(`  - ${problem}`);
      process.exit(1);
    }
    throw error;
  }

  if (config.NODE_ENV === 'production' && config.DEV_MAILBOX === '1') {
    logger.warn('DEV_MAILBOX=1 in production: /dev/mail shows every message, reset links included. Use it only for trials.');
  }

  const embedded = !config.DATABASE_URL;
  if (embedded || config.MIGRATE_ON_START === '1' || config.SEED_ON_START === '1') await prepareDatabase(config, embedded);

  // The job engine on pg-boss (lib/jobs/engine.ts): every background job — serial generation, mail, webhooks, the
  // schedules — started in the background, so the server answers at once; off with JOBS_ENABLED=0 (a separate
  // `npm run worker` runs them) and on Vercel (whose cron routes run them). SIGTERM stops it.
  const { startJobEngineInBackground } = await import('@/lib/jobs/engine');
  startJobEngineInBackground();
}

async function prepareDatabase(config: ReturnType<typeof env>, embedded: boolean): Promise<void> {
  const handle = await getDbHandle();
  if (embedded || config.MIGRATE_ON_START === '1') {
    await migrate(handle);
    logger.info({ database: handle.kind, location: handle.location }, 'database migrated');
  }
  if (embedded || config.SEED_ON_START === '1') {
    const { seeded } = await seed(handle.db);
    if (seeded) logger.info('demo data seeded');
    console.log(`\n${demoLoginsText(config.APP_URL)}\n`);
  }
}
