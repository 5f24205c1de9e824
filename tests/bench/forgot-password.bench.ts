// `npx tsx tests/bench/forgot-password.bench.ts`: does "forgot password" answer as fast for an unknown email
// as for a known one? Prints the median time of each path over a few hundred calls and their ratio; asserts
// nothing. Runs on DATABASE_URL when set (migrated first, so a fresh empty database works); otherwise on a fresh
// in-memory PGlite.
import { randomUUID } from 'node:crypto';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const WARMUP = 40;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const { closeDb, getDbHandle } = await import('@/db/client');
  const { migrate } = await import('@/db/migrate');
  const { users } = await import('@/db/schema');
  const { requestPasswordReset } = await import('@/lib/auth/request-password-reset');

  const handle = await getDbHandle();
  await migrate(handle);
  const run = randomUUID().slice(0, 8);
  // One account per known call: the mail throttle (5 an hour per address) would otherwise cut the known path short.
  const known = Array.from({ length: CALLS + WARMUP }, (_, i) => `fp-${run}-${i}@bench.custos`);
  for (let i = 0; i < known.length; i += 200) {
    await handle.db.insert(users).values(known.slice(i, i + 200).map((email) => ({ email, name: 'Bench', emailVerified: new Date() })));
  }
  const meta = { requestId: 'bench', ip: '192.0.2.1', userAgent: 'bench' };
  const time = async (email: string) => {
    const started = performance.now();
    await requestPasswordReset({ email }, meta);
    return performance.now() - started;
  };
  const knownTimes: number[] = [];
  const unknownTimes: number[] = [];
  for (let i = 0; i < CALLS + WARMUP; i++) {
    // Interleaved, so drift (JIT, cache, autovacuum) touches both paths alike.
    const k = await time(known[i]);
    const u = await time(`nobody-${run}-${i}@bench.custos`);
    if (i >= WARMUP) {
      knownTimes.push(k);
      unknownTimes.push(u);
    }
  }
  const k = median(knownTimes);
  const u = median(unknownTimes);
  console.log(`forgot-password on ${handle.kind}, ${CALLS} calls each`);
  console.log(`  known email   median ${k.toFixed(3)} ms`);
  console.log(`  unknown email median ${u.toFixed(3)} ms`);
  console.log(`  difference ${(k - u).toFixed(3)} ms, ratio known/unknown ${(k / u).toFixed(2)}`);
  await closeDb();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
