// `npm run bench:sign-in`: what a password sign-in costs, to choose the argon2id parameters deliberately.
// Prints figures, asserts nothing. Runs on DATABASE_URL when set (migrated first, so a fresh empty database
// works); otherwise on a fresh in-memory PGlite (never `.data/pglite`, which a running dev server may hold:
// PGlite has no file lock). Also prints the issue #22 ratio: sign-ins per second with 4 callers over argon2id
// verifies per second, 4 at a time in the same process. SIGN_IN_BENCH_MS (default 5000) is the time of each load; on a
// busy machine a longer run gives a steadier ratio.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { eq } from 'drizzle-orm';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';

const SAMPLES = 20;
const DURATION_MS = Number(process.env.SIGN_IN_BENCH_MS ?? 5_000);
const CONCURRENCY = 4;
const ROUNDS = 5;

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
  const email = `bench-${randomUUID().slice(0, 8)}@bench.custos`;

  // Warm up (argon2's native module, the first query) before measuring.
  const hash = await hashPassword(password);
  await verifyPassword(hash, password);
  const hashTimes = await timeEach(SAMPLES, () => hashPassword(password));
  const verifyTimes = await timeEach(SAMPLES, () => verifyPassword(hash, password));

  const user = await insertUser(handle.db, { email, name: 'Bench', password, verified: true });
  try {
    const meta = { requestId: 'bench', ip: '203.0.113.7', userAgent: 'bench' };
    const signIn = () => authenticate({ email, password }, meta);
    await signIn();
    // The yardstick of the target: argon2id verifies alone, as many at a time as the concurrent sign-ins.
    // Taken in ROUNDS alternating slices (verify, sign-in, verify, …) so that a shared machine's changing load falls on
    // both alike.
    const verifyRuns: Load[] = [];
    const concurrentRuns: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      verifyRuns.push(await signInLoad(CONCURRENCY, DURATION_MS / ROUNDS, () => verifyPassword(hash, password)));
      concurrentRuns.push(await signInLoad(CONCURRENCY, DURATION_MS / ROUNDS, signIn));
    }
    const verifyConcurrent = combine(verifyRuns);
    const concurrent = combine(concurrentRuns);
    const sequential = await signInLoad(1, DURATION_MS, signIn);

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
      `\nSign-in benchmark · ${handle.kind} (${handle.kind === 'pglite' ? 'in memory' : handle.location}) · argon2id m=${ARGON2_OPTIONS.memoryCost} KiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism}` +
        ` · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load ${fmt(os.loadavg()[0], 2)} · UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'} · Node ${process.version}\n`,
    );
    console.log(`${'measure'.padEnd(w0)}  ${'result'.padStart(w1)}  notes`);
    console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  -----`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
    console.log(
      `\nEach sign-in verifies one argon2id hash (${fmt(verifyMs)} ms) and then does its database work (lookup, ` +
        `rate-limit bookkeeping in the kv store, lastSignInAt, one audit event): with the kv store in PostgreSQL, ` +
        `the lookup and two statements (the attempt taken unless a lock holds; the failures cleared with lastSignInAt ` +
        `and the audit event).`,
    );
  } finally {
    await handle.db
      .delete(users)
      .where(eq(users.id, user.id))
      .catch(() => {});
    await closeDb();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
