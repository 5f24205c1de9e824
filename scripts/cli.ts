// `npm run cli -- <command> [options]`: administration from a terminal, through the same domain layer.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closeDb, getDbHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { demoLoginsText, isSeeded, seed } from '@/db/seed';
import { cleanupInactiveUsers } from '@/lib/auth/cleanup-inactive-users';
import { CLI_ACTOR, cliMeta, createPlatformAdmin } from '@/lib/auth/create-platform-admin';
import { DEFAULT_PASSWORD_POLICY } from '@/lib/auth/password-policy-basics';
import { DomainError } from '@/lib/errors';
import { purgeExpired } from '@/lib/platform/purge-expired';
import { expireInvitations } from '@/lib/invitations/expire-invitations';
import { rotateSigningKeysReport } from '@/lib/keys/rotation-report';
import { createTenantAsPlatformAdmin } from '@/lib/platform-admin/create-tenant';
import { runPendingSerialJobs } from '@/lib/serials/run-pending-serial-jobs';
import { claimableSerialJobs, pendingMigrations, platformAdminOutcome } from '@/lib/platform-admin/cli-dry-runs';
import { suspendDormantMembers } from '@/lib/tenancy/suspend-dormant-members';
import { drainWorkQueues } from '@/lib/jobs/drain';
import { jobQueueCounts } from '@/lib/jobs/job-admin';
import { drainEnqueuedJobs, stopJobSender } from '@/lib/jobs/enqueue';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { isScheduleName, SCHEDULES } from '@/lib/jobs/schedules';

type Values = Record<string, string | boolean | undefined>;
type Command = {
  summary: string;
  usage: string;
  /** Options the command takes (parseArgs, strict); none when omitted. */
  options?: ParseArgsConfig['options'];
  /** Whether it takes arguments besides its options (the schedule's name of run-schedule). */
  positionals?: boolean;
  run: (values: Values, positionals: string[]) => Promise<void>;
};

/** The password for create-platform-admin: CUSTOS_ADMIN_PASSWORD, or asked for without echo on a terminal. */
async function adminPassword(): Promise<string> {
  const fromEnv = process.env.CUSTOS_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new Error('Set CUSTOS_ADMIN_PASSWORD, or run this in a terminal to be asked for the password.');
  const first = await askHidden(
    `Password (at least ${DEFAULT_PASSWORD_POLICY.minLength} characters, or what the account's tenants' password rules ask): `,
  );
  const second = await askHidden('Repeat the password: ');
  if (first !== second) throw new Error('The passwords do not match.');
  return first;
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let answer = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new Error('Cancelled.'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** The database, migrated first when it is the embedded one (a fresh checkout has none yet). */
async function openDatabase(): Promise<void> {
  const handle = await getDbHandle();
  if (handle.kind === 'pglite') await migrate(handle);
}

function describeError(error: unknown): string {
  if (error instanceof DomainError && error.errors?.length) {
    return [error.message, ...error.errors.map((e) => `  ${e.path}: ${e.message}`)].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

const dryRun = (values: Values): boolean => values['dry-run'] === true;

const commands: Record<string, Command> = {
  migrate: {
    summary: 'apply pending migrations to DATABASE_URL (or the embedded database)',
    usage: 'migrate [--dry-run]',
    run: async (values) => {
      const handle = await getDbHandle();
      if (dryRun(values)) {
        const pending = await pendingMigrations(handle);
        for (const tag of pending) console.log(`  ${tag}`);
        console.log(`Dry run: ${pending.length} migration(s) would be applied to the ${handle.kind} database at ${handle.location}.`);
        return;
      }
      await migrate(handle);
      console.log(`Migrated ${handle.kind} database at ${handle.location}`);
    },
  },
  seed: {
    summary: 'load the demo data (skipped when it is already there)',
    usage: 'seed [--dry-run]',
    run: async (values) => {
      const handle = await getDbHandle();
      if (dryRun(values)) {
        const pending = await pendingMigrations(handle);
        const there = pending.length === 0 && (await isSeeded(handle.db));
        console.log(there ? 'Dry run: the demo data is already there; seed would be skipped.' : 'Dry run: the demo data would be loaded.');
        return;
      }
      if (handle.kind === 'pglite') await migrate(handle);
      const { seeded } = await seed(handle.db);
      console.log(seeded ? 'Seeded the demo data.' : 'The demo data is already there; seed skipped.');
      console.log(demoLoginsText(process.env.APP_URL ?? 'http://localhost:3000'));
    },
  },
  'create-platform-admin': {
    summary: 'create a verified platform admin, or promote an existing account (password: CUSTOS_ADMIN_PASSWORD or prompt)',
    usage: 'create-platform-admin --email E [--name N] [--dry-run]',
    options: { email: { type: 'string' }, name: { type: 'string' } },
    run: async (values) => {
      if (typeof values.email !== 'string') throw new Error('Give the email: create-platform-admin --email admin@example.com');
      await openDatabase();
      if (dryRun(values)) {
        const outcome = await platformAdminOutcome(values.email);
        const what = {
          created: 'would create a new verified platform admin (a password would be asked for)',
          promoted: 'would promote the existing verified account (its password unchanged)',
          taken_over: 'would take over the unverified account, set its password and end its sessions',
          already_admin: 'is already a platform admin: nothing would change',
        }[outcome];
        console.log(`Dry run: ${values.email} ${what}.`);
        return;
      }
      const result = await createPlatformAdmin(
        { email: values.email, name: typeof values.name === 'string' ? values.name : undefined },
        adminPassword,
      );
      const what = {
        created: 'Created platform admin',
        promoted: result.passwordSet ? 'Took over the unverified account and made it platform admin' : 'Promoted to platform admin',
        already_admin: 'Already a platform admin',
      }[result.outcome];
      console.log(
        `${what}: ${result.email} (${result.id})${result.outcome === 'promoted' && !result.passwordSet ? '; password unchanged' : ''}`,
      );
    },
  },
  'create-tenant': {
    summary: 'create a tenant on a plan with the default roles; an existing verified account becomes its admin',
    usage: 'create-tenant --slug S --name N --plan P --admin-email E [--dry-run]',
    options: { slug: { type: 'string' }, name: { type: 'string' }, plan: { type: 'string' }, 'admin-email': { type: 'string' } },
    run: async (values) => {
      await openDatabase();
      const tenant = await createTenantAsPlatformAdmin(
        CLI_ACTOR,
        { slug: values.slug, name: values.name, plan: values.plan, adminEmail: values['admin-email'] },
        cliMeta(),
        { dryRun: dryRun(values) },
      );
      console.log(
        `${dryRun(values) ? 'Dry run: would create' : 'Created'} tenant ${tenant.slug} (${tenant.name}) on ${tenant.plan.name}, id ${tenant.id}; admin: ${String(values['admin-email'])}`,
      );
    },
  },
  'cleanup-inactive-users': {
    summary: 'delete accounts with no sign-in for N days and no tenant membership (--dry-run lists them)',
    usage: 'cleanup-inactive-users --days 90 [--dry-run]',
    options: { days: { type: 'string', default: '90' } },
    run: async (values) => {
      await openDatabase();
      const result = await cleanupInactiveUsers(
        { days: String(values.days), dryRun: dryRun(values) },
        { actor: CLI_ACTOR, meta: cliMeta() },
      );
      for (const user of result.users) {
        console.log(`  ${user.id}  ${user.email}  last active ${user.lastActiveAt}${user.verified ? '' : '  (never verified)'}`);
      }
      console.log(
        result.dryRun
          ? `Dry run: ${result.count} account(s) inactive since before ${result.cutoff} would be deleted.`
          : `Deleted ${result.count} account(s) inactive since before ${result.cutoff}.`,
      );
    },
  },
  'expire-invitations': {
    summary: 'mark pending invitations past their expiry as expired (audited)',
    usage: 'expire-invitations [--dry-run]',
    run: async (values) => {
      await openDatabase();
      const result = await expireInvitations({ dryRun: dryRun(values) });
      console.log(
        dryRun(values)
          ? `Dry run: ${result.expired} invitation(s) in ${result.tenants} tenant(s) would expire.`
          : `Expired ${result.expired} invitation(s) in ${result.tenants} tenant(s).`,
      );
    },
  },
  'suspend-dormant-members': {
    summary: "suspend members unused for their tenant's deactivateAfterDays, warn those a week from it (audited, mailed)",
    usage: 'suspend-dormant-members [--dry-run]',
    run: async (values) => {
      await openDatabase();
      const result = await suspendDormantMembers({ dryRun: dryRun(values) });
      for (const m of result.warned) console.log(`  warn     ${m.tenant}  ${m.email}`);
      for (const m of result.suspended) console.log(`  suspend  ${m.tenant}  ${m.email}`);
      console.log(
        dryRun(values)
          ? `Dry run: ${result.warned.length} member(s) would be warned and ${result.suspended.length} suspended.`
          : `Warned ${result.warned.length} member(s), suspended ${result.suspended.length}.`,
      );
    },
  },
  'run-serial-jobs': {
    summary: 'continue serial generation jobs that are queued or whose server stopped, here and now (the same runner as the job engine)',
    usage: 'run-serial-jobs [--budget-ms N] [--stale-after-ms N] [--dry-run]',
    options: { 'budget-ms': { type: 'string', default: '3600000' }, 'stale-after-ms': { type: 'string' } },
    run: async (values) => {
      const budgetMs = Number(values['budget-ms']);
      const staleAfterMs = values['stale-after-ms'] === undefined ? undefined : Number(values['stale-after-ms']);
      if (!Number.isInteger(budgetMs) || budgetMs < 1) throw new Error('--budget-ms must be a whole number of milliseconds, at least 1.');
      if (staleAfterMs !== undefined && (!Number.isInteger(staleAfterMs) || staleAfterMs < 0)) {
        throw new Error('--stale-after-ms must be a whole number of milliseconds, 0 or more.');
      }
      await openDatabase();
      if (dryRun(values)) {
        const jobs = await claimableSerialJobs(staleAfterMs);
        for (const job of jobs) console.log(`  ${job.tenant}  ${job.id}`);
        console.log(`Dry run: ${jobs.length} serial job(s) would be run.`);
        return;
      }
      const report = await runPendingSerialJobs({ budgetMs, ...(staleAfterMs === undefined ? {} : { staleAfterMs }) });
      console.log(
        `Serial jobs: ${report.runs} run(s): ${report.completed} completed, ${report.failed} failed, ${report.paused} paused, ${report.interrupted} interrupted.`,
      );
    },
  },
  'run-jobs': {
    summary: 'run the due jobs of the work queues (serial generation, mail, webhooks) here, as /api/cron/run-jobs does',
    usage: 'run-jobs [--budget-ms N] [--dry-run]',
    options: { 'budget-ms': { type: 'string', default: '300000' } },
    run: async (values) => {
      const budgetMs = Number(values['budget-ms']);
      if (!Number.isInteger(budgetMs) || budgetMs < 1) throw new Error('--budget-ms must be a whole number of milliseconds, at least 1.');
      await openDatabase();
      if (dryRun(values)) {
        // What is waiting in each work queue; nothing is fetched, run or changed.
        const work = (await jobQueueCounts()).filter((q) => q.kind === 'work');
        for (const q of work) console.log(`  ${q.name.padEnd(20)} ${q.queued} queued, ${q.active} running, ${q.failed} failed`);
        const queued = work.reduce((sum, q) => sum + q.queued, 0);
        console.log(`Dry run: ${queued} job(s) wait in the work queues; those due would be run here within ${budgetMs} ms.`);
        return;
      }
      const report = await drainWorkQueues({ deadline: Date.now() + budgetMs });
      for (const [queue, counts] of Object.entries(report.queues)) {
        console.log(`  ${queue.padEnd(20)} ${counts.completed} completed, ${counts.failed} failed`);
      }
      if (report.outOfTime) console.log('Time ran out with jobs possibly left: run it again.');
    },
  },
  'run-schedule': {
    summary: `run one schedule of the job engine now, as it would run (${SCHEDULES.map((s) => s.name).join(', ')})`,
    usage: 'run-schedule <name> [--dry-run]',
    positionals: true,
    run: async (values, positionals) => {
      const [name, ...extra] = positionals;
      if (!name || extra.length > 0 || !isScheduleName(name)) {
        throw new Error(`Name one schedule: ${SCHEDULES.map((s) => s.name).join(', ')}.`);
      }
      await openDatabase();
      const dryRun = values['dry-run'] === true;
      const summary = await runSchedule(name, { trigger: 'cli', dryRun });
      const parts = Object.entries(summary).map(
        ([key, value]) => `${key} ${Array.isArray(value) ? value.join(' ') || 'none' : String(value)}`,
      );
      console.log(`${name}${dryRun ? ' (dry run)' : ''}: ${parts.join(', ')}`);
    },
  },
  'rotate-signing-keys': {
    summary: 'rotate the signing keys: the active key retires (published a day more), the next signs, a new next is published',
    usage: 'rotate-signing-keys [--force] [--dry-run]',
    options: { force: { type: 'boolean', default: false } },
    run: async (values) => {
      await openDatabase();
      console.log(await rotateSigningKeysReport({ dryRun: dryRun(values), force: values.force === true }));
    },
  },
  'purge-expired': {
    summary: 'delete expired or spent tokens and challenges, long-ended sessions and expired kv entries',
    usage: 'purge-expired [--dry-run]',
    run: async (values) => {
      await openDatabase();
      const counts = await purgeExpired({ dryRun: dryRun(values) });
      if (dryRun(values)) {
        console.log(
          `Dry run: ${counts.emailTokens} mail token(s), ${counts.refreshTokens} refresh token(s), ${counts.sessions} session(s), ${counts.challenges} sign-in or passkey challenge(s) and ${counts.providerRecords} OpenID Provider record(s) would be purged (expired kv entries are not counted).`,
        );
        return;
      }
      console.log(
        `Purged ${counts.emailTokens} mail token(s), ${counts.refreshTokens} refresh token(s), ${counts.sessions} session(s), ${counts.challenges} sign-in or passkey challenge(s), ${counts.providerRecords} OpenID Provider record(s), ${counts.kvEntries} kv entr${counts.kvEntries === 1 ? 'y' : 'ies'}.`,
      );
    },
  },
};

function help(): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    ...Object.values(commands).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
  ].join('\n');
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
  const { values, positionals } = parseArgs({
    args: rest,
    // Every command takes --dry-run: it prints what it would do and changes nothing.
    options: { ...command.options, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: command.positionals === true,
  });
  await command.run(values, positionals);
}

main()
  .catch((error) => {
    console.error(describeError(error));
    process.exitCode = 1;
  })
  // Jobs a command sent (run-schedule deliver-email, an invitation's mail) run here before the database closes.
  .finally(async () => {
    await drainEnqueuedJobs().catch(() => {});
    await stopJobSender().catch(() => {});
    await closeDb();
  });
