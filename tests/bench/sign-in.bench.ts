// `npm run bench:sign-in`: what a password sign-in costs, to choose the argon2id parameters deliberately.
// Prints figures, asserts nothing. Runs on DATABASE_URL when set (migrated first, so a fresh empty database
// works); otherwise on a fresh in-memory PGlite (never `.data/pglite`, which a running dev server may hold:
// PGlite has no file lock). Also prints the issue #22 ratio: sign-ins per second with 4 callers over argon2id
// verifies per second, 4 at a time in the same process. SIGN_IN_BENCH_MS (default 5000) is the time of each load; on a
// busy machine a longer run gives a steadier ratio. With 4 callers on fewer cores the sign-ins are bound by CPU, so it
// also prints the CPU each sign-in costs beside its verify (this process and, on PostgreSQL, the database's backends),
// which other processes' load disturbs less than the rates, and the statements each sign-in sends.
// The sign-ins are of SIGN_IN_BENCH_ACCOUNTS different people (default 64), in turn, as real sign-ins are: no two
// callers work on one person's rows unless there are fewer people than callers.
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { inArray } from 'drizzle-orm';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';

const SAMPLES = 20;
const DURATION_MS = Number(process.env.SIGN_IN_BENCH_MS ?? 5_000);
const CONCURRENCY = 4;
const ROUNDS = 5;
const ACCOUNTS = Math.max(1, Number(process.env.SIGN_IN_BENCH_ACCOUNTS ?? 64));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function timeEach(count: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * A closed-loop load: `callers` loops, each busy from the start to its last answer (`laneMs`, summed over the loops).
 * The rate is calls ÷ busy time × callers, so the drain at the end (loops finishing their last call while others have
 * stopped) does not count as idle time: a short slice is measured as fairly as a long one.
 */
type Load = {
  callers: number;
  count: number;
  elapsed: number;
  laneMs: number;
  perSecond: number;
  median: number;
  p90: number;
  latencies: number[];
};

function summarize(callers: number, latencies: number[], elapsed: number, laneMs: number): Load {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    callers,
    count: latencies.length,
    elapsed,
    laneMs,
    perSecond: laneMs > 0 ? (latencies.length / laneMs) * callers * 1000 : 0,
    median: median(latencies),
    p90: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? 0,
    latencies,
  };
}

/** Several loads (of as many callers) as one. */
function combine(runs: Load[]): Load {
  return summarize(
    runs[0]?.callers ?? 1,
    runs.flatMap((r) => r.latencies),
    runs.reduce((sum, r) => sum + r.elapsed, 0),
    runs.reduce((sum, r) => sum + r.laneMs, 0),
  );
}

/** CPU milliseconds this process has used (argon2's threads included). */
const nodeCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * CPU milliseconds used so far by each PostgreSQL backend on this bench's database (every backend on it is ours), read
 * from /proc; null on PGlite (it runs in this process: nodeCpuMs includes it) or where /proc cannot be read.
 */
type BackendCpu = Map<number, number> | null;
async function postgresCpuMs(handle: DbHandle): Promise<BackendCpu> {
  if (!handle.sql) return null;
  try {
    const ticks = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
    const backends = await handle.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
    const ms = new Map<number, number>();
    for (const { pid } of backends) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        ms.set(pid, ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000); // utime, stime
      } catch {
        // a backend that ended meanwhile
      }
    }
    return ms;
  } catch {
    return null;
  }
}
/** CPU milliseconds the backends used between two readings (a backend new since the first counts from zero). */
const postgresCpuSince = (before: BackendCpu, after: BackendCpu) =>
  before === null || after === null ? null : [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/** A load and the CPU it used: this process's, and the database backends' (null on PGlite). */
async function withCpu(handle: DbHandle, run: () => Promise<Load>): Promise<{ load: Load; nodeMs: number; postgresMs: number | null }> {
  const [node, postgres] = [nodeCpuMs(), await postgresCpuMs(handle)];
  const load = await run();
  const nodeMs = nodeCpuMs() - node;
  return { load, nodeMs, postgresMs: postgresCpuSince(postgres, await postgresCpuMs(handle)) };
}

/**
 * The statements a call sends to PostgreSQL, from postgres.js's `debug` hook (called once per statement sent); null on
 * PGlite.
 */
async function statementsOf(handle: DbHandle, calls: number, call: () => Promise<unknown>): Promise<number | null> {
  if (!handle.sql) return null;
  const options = handle.sql.options;
  const before = options.debug;
  let statements = 0;
  options.debug = () => {
    statements++;
  };
  try {
    for (let i = 0; i < calls; i++) await call();
  } finally {
    options.debug = before;
  }
  return statements / calls;
}

/** Sign in over and over for `ms` with `callers` concurrent loops; every latency is kept. */
async function signInLoad(callers: number, ms: number, signIn: () => Promise<unknown>): Promise<Load> {
  const latencies: number[] = [];
  let laneMs = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await signIn();
        latencies.push(performance.now() - t);
      }
      laneMs += performance.now() - started;
    }),
  );
  return summarize(callers, latencies, performance.now() - started, laneMs);
}

type DbHandle = import('@/db/client').DbHandle;

async function main() {
  const { closeDb, getDbHandle } = await import('@/db/client');
  const { migrate } = await import('@/db/migrate');
  const { users } = await import('@/db/schema');
  const { authenticate } = await import('@/lib/auth/authenticate');
  const { insertUser } = await import('@/lib/auth/create-user');
  const { ARGON2_OPTIONS, hashPassword, verifyPassword } = await import('@/lib/auth/password');

  const handle = await getDbHandle();
  // Every bench prepares its own database: a fresh DATABASE_URL has no tables until this runs.
  await migrate(handle);

  const password = `bench-password-${randomUUID()}`;
  const run = randomUUID().slice(0, 8);
  const emails = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${run}-${i}@bench.custos`);

  // Warm up (argon2's native module, the first query) before measuring.
  const hash = await hashPassword(password);
  await verifyPassword(hash, password);
  const hashTimes = await timeEach(SAMPLES, () => hashPassword(password));
  const verifyTimes = await timeEach(SAMPLES, () => verifyPassword(hash, password));

  const userIds: string[] = [];
  for (const email of emails) userIds.push((await insertUser(handle.db, { email, name: 'Bench', password, verified: true })).id);
  try {
    const meta = { requestId: 'bench', ip: '203.0.113.7', userAgent: 'bench' };
    let next = 0;
    const signIn = () => authenticate({ email: emails[next++ % emails.length], password }, meta);
    await signIn();
    // The yardstick of the issue's target: argon2id verifies alone, as many at a time as the concurrent sign-ins.
    // Taken in ROUNDS alternating slices (verify, sign-in, verify, …) so that a shared machine's changing load falls on
    // both alike.
    const verifyRuns: Awaited<ReturnType<typeof withCpu>>[] = [];
    const concurrentRuns: Awaited<ReturnType<typeof withCpu>>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      verifyRuns.push(await withCpu(handle, () => signInLoad(CONCURRENCY, DURATION_MS / ROUNDS, () => verifyPassword(hash, password))));
      concurrentRuns.push(await withCpu(handle, () => signInLoad(CONCURRENCY, DURATION_MS / ROUNDS, signIn)));
    }
    const verifyConcurrent = combine(verifyRuns.map((r) => r.load));
    const concurrent = combine(concurrentRuns.map((r) => r.load));
    const sequential = await signInLoad(1, DURATION_MS, signIn);
    const statements = await statementsOf(handle, 20, signIn);

    // CPU per call, over all slices of each load: a verify's (this process; the backends idle), a sign-in's.
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const verifyCpuMs = sum(verifyRuns.map((r) => r.nodeMs)) / verifyConcurrent.count;
    const signInNodeMs = sum(concurrentRuns.map((r) => r.nodeMs)) / concurrent.count;
    const postgresRuns = concurrentRuns.map((r) => r.postgresMs);
    const signInPostgresMs = postgresRuns.every((ms) => ms !== null) ? sum(postgresRuns) / concurrent.count : null;
    const signInCpuMs = signInNodeMs + (signInPostgresMs ?? 0);

    const verifyMs = median(verifyTimes);
    const hashShare = (run: { count: number; elapsed: number }, lanes: number) =>
      Math.min(100, ((run.count * verifyMs) / (run.elapsed * Math.min(lanes, os.availableParallelism()))) * 100);

    const rows: [string, string, string][] = [
      ['argon2id hash (median of 20)', `${fmt(median(hashTimes))} ms`, ''],
      ['argon2id verify (median of 20)', `${fmt(verifyMs)} ms`, ''],
      [
        'sign-in, 1 caller',
        `${fmt(sequential.perSecond)} /s`,
        `median ${fmt(sequential.median)} ms, p90 ${fmt(sequential.p90)} ms · ${sequential.count} in ${fmt(sequential.elapsed / 1000)} s`,
      ],
      [
        `sign-in, ${CONCURRENCY} callers`,
        `${fmt(concurrent.perSecond)} /s`,
        `median ${fmt(concurrent.median)} ms, p90 ${fmt(concurrent.p90)} ms · ${concurrent.count} in ${fmt(concurrent.elapsed / 1000)} s`,
      ],
      [
        `argon2id verify alone, ${CONCURRENCY} at a time`,
        `${fmt(verifyConcurrent.perSecond)} /s`,
        `median ${fmt(verifyConcurrent.median)} ms · ${verifyConcurrent.count} in ${fmt(verifyConcurrent.elapsed / 1000)} s, ${ROUNDS} slices alternating with the sign-ins`,
      ],
      [
        `sign-in rate ÷ verify rate, ${CONCURRENCY} callers`,
        fmt(concurrent.perSecond / verifyConcurrent.perSecond, 2),
        `${fmt(concurrent.perSecond)} ÷ ${fmt(verifyConcurrent.perSecond)} (issue #22 asks ≥ 0.85)`,
      ],
      [
        'CPU per argon2id verify, 4 at a time',
        `${fmt(verifyCpuMs, 2)} ms`,
        'this process (argon2 runs on its thread pool), over the verify slices',
      ],
      [
        `CPU per sign-in, ${CONCURRENCY} callers`,
        `${fmt(signInCpuMs, 2)} ms`,
        `this process ${fmt(signInNodeMs, 2)} ms + PostgreSQL backends ${signInPostgresMs === null ? 'n/a (PGlite: in this process)' : `${fmt(signInPostgresMs, 2)} ms`}`,
      ],
      [
        'CPU per sign-in beside its verify',
        `${fmt(signInCpuMs - verifyCpuMs, 2)} ms`,
        `verify CPU ÷ sign-in CPU ${fmt(verifyCpuMs / signInCpuMs, 2)}: the ratio above when the ${CONCURRENCY} callers keep every core busy`,
      ],
      [
        'statements per sign-in',
        statements === null ? 'n/a' : fmt(statements, 1),
        statements === null
          ? 'counted on PostgreSQL only (postgres.js debug hook)'
          : '20 sign-ins one after another, postgres.js debug hook',
      ],
      ['time in argon2 verify, 1 caller', `${fmt(hashShare(sequential, 1), 0)} %`, 'verify median × sign-ins ÷ wall time'],
      [
        `time in argon2 verify, ${CONCURRENCY} callers`,
        `${fmt(hashShare(concurrent, CONCURRENCY), 0)} %`,
        `same, ÷ ${Math.min(CONCURRENCY, os.availableParallelism())} lanes`,
      ],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(
      `\nSign-in benchmark · ${handle.kind} (${handle.kind === 'pglite' ? 'in memory' : handle.location}) · argon2id m=${ARGON2_OPTIONS.memoryCost} KiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism} · ${ACCOUNTS} people signing in in turn` +
        ` · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load ${fmt(os.loadavg()[0], 2)} · UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'} · Node ${process.version}\n`,
    );
    console.log(`${'measure'.padEnd(w0)}  ${'result'.padStart(w1)}  notes`);
    console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  -----`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
    console.log(
      `\nEach sign-in verifies one argon2id hash (${fmt(verifyMs)} ms) and then does its database work (lookup, ` +
        `rate-limit bookkeeping in the kv store, lastSignInAt, one audit event): with the kv store in PostgreSQL, ` +
        `two statements, one after the other: the attempt taken unless a lock holds, with the account's lookup; after ` +
        `the verify, the failures cleared with lastSignInAt and the audit event. Both loads run in this process on its ` +
        `one argon2 thread pool, ${CONCURRENCY} calls at a time.`,
    );
  } finally {
    await handle.db
      .delete(users)
      .where(inArray(users.id, userIds))
      .catch(() => {});
    await closeDb();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
