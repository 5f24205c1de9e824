// `npm run serials:run [-- --budget-ms N --stale-after-ms N]`: continue serial generation jobs from a terminal —
// queued ones and running ones whose runner died — through the same function as /api/cron/run-serial-jobs.
// (A separate entry point rather than a scripts/cli.ts command so as not to edit the shared CLI in parallel;
// fold it into `npm run cli` when convenient.)
import { parseArgs } from 'node:util';
import { closeDb, getDbHandle } from '@/db/client';
import { migrate } from '@/db/migrate';
import { runPendingSerialJobs } from '@/lib/serials/jobs';

async function main() {
  const { values } = parseArgs({
    options: { 'budget-ms': { type: 'string', default: '3600000' }, 'stale-after-ms': { type: 'string' } },
    strict: true,
  });
  const handle = await getDbHandle();
  if (handle.kind === 'pglite') await migrate(handle);
  const report = await runPendingSerialJobs({
    budgetMs: Number(values['budget-ms']),
    ...(values['stale-after-ms'] ? { staleAfterMs: Number(values['stale-after-ms']) } : {}),
  });
  console.log(
    `Serial jobs: ${report.runs} run(s): ${report.completed} completed, ${report.failed} failed, ${report.paused} paused, ${report.interrupted} interrupted.`,
  );
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => closeDb());
