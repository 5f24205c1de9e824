import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_AUTH_SECRET } from '../e2e/server';
import { signIn, sleep, startApp, startPostgres, type Client, type PrivatePostgres, type RunningServer, finished, gtin } from './services';

// Scale-out: the standalone server and two `npm run worker` processes (tsx scripts/worker.ts) share the job queues of
// one PostgreSQL. 300 serial jobs are requested through the API at once; the three engines take them (a job sent
// anywhere wakes every one of them: LISTEN/NOTIFY). Every job is run exactly once: each pg-boss job id is finished in
// the log of exactly one process, each serial job was claimed once (`attempts` 1) and stored exactly its count
// (the serials' unique key refuses a second row of one serial). Then a worker stops cleanly on SIGTERM.
const JOBS = 300;
const PER_JOB = 20;
const root = path.resolve(import.meta.dirname, '../..');

let pg: PrivatePostgres;
let app: RunningServer;
let admin: Client;
type Worker = { process: ChildProcess; logs: string[] };
const workers: Worker[] = [];

function startWorker(databaseUrl: string): Worker {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/worker.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: E2E_AUTH_SECRET,
      APP_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'debug',
      PLATFORM_ADMIN_MFA: 'optional',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the script in a child process, which a kill of the group reaches too.
    detached: true,
  });
  const logs: string[] = [];
  child.stdout.on('data', (d: Buffer) => logs.push(String(d)));
  child.stderr.on('data', (d: Buffer) => logs.push(String(d)));
  return { process: child, logs };
}

beforeAll(async () => {
  pg = await startPostgres();
  app = await startApp(pg.url, { LOG_LEVEL: 'debug' });
  admin = await signIn(app.url, 'admin@acme.test');
  for (let i = 0; i < 2; i++) workers.push(startWorker(pg.url));
  // Both workers running (their engines started on the migrated database).
  const until = Date.now() + 90_000;
  while (Date.now() < until && !workers.every((w) => w.logs.join('').includes('worker running'))) await sleep(250);
  expect(workers.map((w) => w.logs.join('').includes('worker running'))).toEqual([true, true]);
});

afterAll(async () => {
  for (const w of workers) {
    try {
      process.kill(-w.process.pid!, 'SIGKILL');
    } catch {
      // the group has exited
    }
  }
  await app?.stop();
  await pg?.destroy();
});

describe('a server and two workers on one database', () => {
  it('run every one of 300 serial jobs exactly once between them', async () => {
    const sites = await (await admin.get('/api/v1/tenants/acme/sites')).json();
    const batchRes = await admin.send('POST', '/api/v1/tenants/acme/batches', {
      batchNumber: `WRK${Date.now() % 1_000_000}`,
      productName: 'Worker-test tablets',
      gtin: gtin(`0950120${String(Date.now() % 1_000_000).padStart(6, '0')}`),
      siteId: sites.data[0].id,
      plannedQuantity: JOBS * PER_JOB,
      expiresOn: '2030-12-31',
    });
    expect(batchRes.status).toBe(201);
    const batch = (await batchRes.json()) as { id: string };
    const started = Date.now();
    const jobIds: string[] = [];
    for (let i = 0; i < JOBS; i += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => admin.send('POST', `/api/v1/tenants/acme/batches/${batch.id}/serials`, { count: PER_JOB })),
      );
      for (const res of answers) {
        expect(res.status).toBe(202);
        jobIds.push(((await res.json()) as { jobId: string }).jobId);
      }
    }
    const requestedMs = Date.now() - started;
    console.log(`job workers: ${JOBS} jobs requested in ${requestedMs} ms`);

    const until = Date.now() + 240_000;
    let open = JOBS;
    while (Date.now() < until) {
      [{ open }] = await pg.sql<{ open: number }[]>`
        select count(*)::int as open from serial_jobs where batch_id = ${batch.id} and status not in ('completed', 'failed')`;
      if (open === 0) break;
      await sleep(1_000);
    }
    const doneMs = Date.now() - started;
    expect(open).toBe(0);

    const rows = await pg.sql<{ id: string; status: string; done: number; attempts: number }[]>`
      select id, status, done, attempts from serial_jobs where batch_id = ${batch.id}`;
    expect(rows).toHaveLength(JOBS);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(jobIds));
    for (const r of rows) expect(r, r.id).toMatchObject({ status: 'completed', done: PER_JOB, attempts: 1 });
    const [{ serials }] = await pg.sql<{ serials: number }[]>`select count(*)::int as serials from serials where batch_id = ${batch.id}`;
    expect(serials).toBe(JOBS * PER_JOB);

    // pg-boss: one job per serial job, each completed once.
    const bossJobs = await pg.sql<{ id: string; key: string; state: string }[]>`
      select id, singleton_key as key, state from pgboss.job where name = 'serial-generation' and singleton_key = any(${jobIds})`;
    expect(bossJobs).toHaveLength(JOBS);
    expect(bossJobs.every((j) => j.state === 'completed')).toBe(true);

    // Each pg-boss job id finished in exactly one process; the three shared the work.
    const byProcess = [app.logs, ...workers.map((w) => w.logs)].map((logs) => finished(logs, 'serial-generation'));
    const all = byProcess.flat();
    const bossIds = new Set(bossJobs.map((j) => j.id));
    const ours = all.filter((id) => bossIds.has(id));
    expect(ours).toHaveLength(JOBS);
    expect(new Set(ours).size).toBe(JOBS);
    const shares = byProcess.map((ids) => ids.filter((id) => bossIds.has(id)).length);
    console.log(
      [
        `job workers: ${JOBS} serial jobs of ${PER_JOB} requested in ${requestedMs} ms, all completed ${doneMs} ms after the first request`,
        `  run by the server ${shares[0]}, worker 1 ${shares[1]}, worker 2 ${shares[2]}; each exactly once`,
      ].join('\n'),
    );
    expect(shares.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  }, 480_000);

  it('stops a worker cleanly on SIGTERM', async () => {
    const [worker] = workers;
    const exited = new Promise<number | null>((resolve) => worker.process.once('exit', (code) => resolve(code)));
    worker.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    const log = worker.logs.join('');
    expect(log).toContain('worker stopping');
    expect(log).toContain('job engine stopped');
  });
});
