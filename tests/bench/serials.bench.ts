// `npm run bench:serials`: what serial generation costs (issue 8, "Performance"). Prints figures, asserts nothing.
//
// 1. The job: SERIALS_BENCH_COUNT serials (default 1,000,000) for one batch through runSerialJob — the code path of
//    a real job (chunks of 10,000, random draw, `insert … select from unnest … on conflict do nothing`, `done` and
//    heartbeat in each chunk's tenant transaction under row-level security) — timed, with the process's resident
//    memory sampled every 20 ms (peak, and the peak above the level before the job).
// 2. The floor (run first): PostgreSQL COPY of as many pre-made rows (drawn before the clock starts) into the same table, with the
//    same indexes and constraints, for a second batch of another GTIN. COPY FROM is refused on tables under row-level
//    security, so it runs as the connecting user (a superuser bypasses RLS): it is the floor, not something the app does.
//    postgres.js: `copy … from stdin` as a writable stream; PGlite: `copy … from '/dev/blob'`.
// 3. The ratio job / COPY (issue 8's goal: within 1.5×, under 300 MB peak).
//
// Runs on DATABASE_URL when set (use a fresh database: it migrates it and adds a tenant); otherwise on a fresh
// in-memory PGlite (never `.data/pglite`, which a running dev server may hold).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';

const COUNT = Number(process.env.SERIALS_BENCH_COUNT ?? 1_000_000);
const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 1e6, 0)} MB`;

async function main() {
  const { getDbHandle, closeDb } = await import('@/db/client');
  const { migrate } = await import('@/db/migrate');
  const { provisionTenant } = await import('@/lib/tenancy/provision-tenant');
  const { withTenant } = await import('@/lib/tenancy/with-tenant');
  const { runSerialJob } = await import('@/lib/serials/run-serial-job');
  const { drawSerials } = await import('@/lib/serials/format');
  const { batches, serialJobs, sites } = await import('@/db/schema');
  const { sql } = await import('drizzle-orm');
  const { rowsOf: rowsOfResult } = await import('@/db/rows');

  const handle = await getDbHandle();
  await migrate(handle);
  const slug = `bench-serials-${randomUUID().slice(0, 8)}`;
  const tenant = await handle.db.transaction((tx) => provisionTenant(tx, { slug, name: 'Serials bench', planId: 'enterprise' }));
  const [batchA, batchB] = await withTenant(tenant.id, async (tx) => {
    const [site] = await tx.insert(sites).values({ tenantId: tenant.id, code: 'BENCH', name: 'Bench plant' }).returning();
    const made = [];
    for (const [n, gtin] of [
      [1, '09506000134352'],
      [2, '00012345600012'],
    ] as const) {
      const [b] = await tx
        .insert(batches)
        .values({
          tenantId: tenant.id,
          batchNumber: `BENCH-${n}`,
          productName: 'Bench tablets',
          gtin,
          siteId: site.id,
          plannedQuantity: COUNT,
          expiresOn: '2030-12-31',
        })
        .returning();
      made.push(b);
    }
    return made;
  });

  console.log(`Serials bench on ${handle.kind} (${handle.location}), ${COUNT.toLocaleString('en-US')} serials, node ${process.version}\n`);

  // Both runs start from an empty serials table (COPY first, then TRUNCATE, then the job), so neither pays for the
  // other's index pages. On a database that already held serials, neither truncates and the order bias is noted.
  const [{ n: before }] = rowsOfResult<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from serials`));
  const canTruncate = Number(before) === 0;

  // 1. The floor: COPY of pre-made rows (drawn and formatted before the clock starts).
  const lines: string[] = [];
  const PER = 10_000;
  for (let i = 0; i < COUNT; i += PER) {
    // Sorted per 10,000, as the job sorts each chunk it inserts: the same index-insertion pattern, so a fair floor.
    const drawn = drawSerials(Math.min(PER, COUNT - i)).sort();
    lines.push(drawn.map((s) => `${tenant.id}\t${batchB.gtin}\t${s}\t${batchB.id}\tcommissioned\n`).join(''));
  }
  const columns = 'tenant_id, gtin, serial, batch_id, status';
  const t1 = performance.now();
  if (handle.kind === 'postgres') {
    await handle.sql!.begin(async (tx) => {
      const writable = await tx.unsafe(`copy serials (${columns}) from stdin`).writable();
      await pipeline(Readable.from(lines), writable);
    });
  } else {
    await handle.pglite!.query(`copy serials (${columns}) from '/dev/blob'`, [], { blob: new Blob(lines) });
  }
  const copySeconds = (performance.now() - t1) / 1000;
  lines.length = 0;
  if (canTruncate) await handle.db.execute(sql`truncate serials`);

  // 2. The job.
  const [job] = await withTenant(tenant.id, (tx) =>
    tx.insert(serialJobs).values({ tenantId: tenant.id, batchId: batchA.id, gtin: batchA.gtin!, requested: COUNT }).returning(),
  );
  global.gc?.();
  const baseline = process.memoryUsage();
  let peak = baseline.rss;
  let heapPeak = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  const outcome = await runSerialJob(tenant.id, job.id);
  const jobSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const [after] = await withTenant(tenant.id, (tx) =>
    tx
      .select()
      .from(serialJobs)
      .where(sql`${serialJobs.id} = ${job.id}`),
  );
  if (outcome !== 'completed' || after.done !== COUNT)
    throw new Error(`job ended ${outcome} with ${after.done} of ${COUNT}: ${after.error}`);

  const rows = [
    ['job: generate and store (runSerialJob)', `${fmt(jobSeconds)} s`, `${fmt(COUNT / jobSeconds, 0)} serials/s`],
    ['COPY of pre-made rows (floor)', `${fmt(copySeconds)} s`, `${fmt(COUNT / copySeconds, 0)} rows/s`],
    ['ratio job / COPY', `${fmt(jobSeconds / copySeconds)}×`, 'goal ≤ 1.5×'],
    ['job peak RSS', mb(peak), `${mb(peak - baseline.rss)} above the ${mb(baseline.rss)} before it; goal < 300 MB`],
    ['job peak JS heap', mb(heapPeak), `${mb(heapPeak - baseline.heapUsed)} above the ${mb(baseline.heapUsed)} before it`],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}`);
  console.log(
    canTruncate
      ? '\nCOPY ran first into an empty table, which was then emptied again (TRUNCATE) before the job.'
      : `\nThe database already held ${before} serials: COPY ran first and the job second into the fuller table (order bias against the job).`,
  );
  if (handle.kind === 'pglite') console.log("On PGlite the RSS includes the in-memory database itself; the JS heap is the job's own.");
  await closeDb();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
