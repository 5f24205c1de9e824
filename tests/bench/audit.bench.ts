// `npm run bench:audit`: what the audit trail costs (issue 6, "Tests and performance"). Prints figures, asserts nothing.
//
// 1. Events written per second by N concurrent writers in one tenant: each writer calls recordAudit through withTenant,
//    one event per transaction, as a domain function does. The chain head's row lock serializes writers of one tenant;
//    errors are counted by SQLSTATE (a deadlock would be 40P01). The same N writers spread over N tenants, for
//    comparison (other tenants must not wait), and the chain verified afterwards. Then the same N writers committing
//    the same JSON into a plain table through the same driver ("bare"): the machine's ceiling for one-event
//    transactions, so the figures read as a share of what this machine can do at all.
//    AUDIT_BENCH_ACTION (default role.updated, which raises a webhook event in the same transaction) names the audited
//    action; one that raises no event (bench.noted, say) shows what the event costs.
// 2. Verification speed: a chain of AUDIT_BENCH_EVENTS events (default 200,000; 1,000,000 for the issue's figure)
//    built in bulk (see bulkChain: hashed in Node, AUDIT_BENCH_BATCH rows per insert, default 5,000, triggers off,
//    a sample re-hashed by SQL), then verifyAuditChain timed, with heap and RSS sampled during the walk.
// 3. Export of that chain, CSV and JSON, streamed as the export route streams it: events per second, bytes, and the
//    process's memory while it runs (it must stay flat whatever the length).
//
// Runs on DATABASE_URL when set (use a fresh database: it migrates it and adds tenants); otherwise on a fresh
// in-memory PGlite (never `.data/pglite`, which a running dev server may hold: PGlite has no file lock).
import os from 'node:os';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';
// Enough connections for the largest writer count (postgres.js pool; db/client.ts reads this).
process.env.DATABASE_POOL_SIZE ??= '40';

const WRITER_COUNTS = (process.env.AUDIT_BENCH_WRITERS ?? '1,2,4,8,16,32').split(',').map(Number);
const WRITES_PER_RUN = Number(process.env.AUDIT_BENCH_WRITES ?? 2_000);
const TOTAL_EVENTS = Number(process.env.AUDIT_BENCH_EVENTS ?? 200_000);
const BULK_ROWS = Number(process.env.AUDIT_BENCH_BATCH ?? 5_000);
const VERIFY_RUNS = Number(process.env.AUDIT_BENCH_VERIFY_RUNS ?? 3);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MiB`;

function table(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  rows.forEach((r, n) => {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/**
 * CPU seconds used so far by each PostgreSQL backend serving this bench's database (its own database: every backend
 * on it is ours), read from /proc — so figures on a machine other processes load can be put as events per CPU-second.
 * null on PGlite (the database runs in this process: Node's CPU includes it) or when /proc cannot be read.
 */
async function postgresCpuByBackend(a: App): Promise<Map<number, number> | null> {
  const handle = await a.getDbHandle();
  if (handle.kind !== 'postgres') return null;
  try {
    const { readFileSync } = await import('node:fs');
    const { execSync } = await import('node:child_process');
    const ticks = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
    const pids = a.rowsOf<{ pid: number }>(
      await handle.db.execute(a.drizzle.sql`select pid from pg_stat_activity where datname = current_database()`),
    );
    const seconds = new Map<number, number>();
    for (const { pid } of pids) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / ticks); // utime, stime
      } catch {
        // a backend that ended meanwhile
      }
    }
    return seconds;
  } catch {
    return null;
  }
}
/** CPU seconds the backends used between two readings (a backend new since the first counts from zero). */
const postgresCpuSince = (before: Map<number, number> | null, after: Map<number, number> | null) =>
  before === null || after === null ? null : [...after].reduce((sum, [pid, s]) => sum + s - (before.get(pid) ?? 0), 0);
const nodeCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const cpuCell = (events: number, node: number, pg: number | null) =>
  pg === null
    ? `Node ${fmt(node, 2)} s → ${fmt(events / node)} events per CPU-second`
    : `Node ${fmt(node, 2)} s + PostgreSQL ${fmt(pg, 2)} s → ${fmt(events / (node + pg))} events per CPU-second`;

// Loaded after the environment above is set (the logger reads LOG_LEVEL when imported).
const app = async () => ({
  ...(await import('@/db/client')),
  ...(await import('@/db/migrate')),
  ...(await import('@/db/rows')),
  ...(await import('@/lib/audit/record')),
  ...(await import('@/lib/audit/verify-chain')),
  ...(await import('@/lib/audit/export-audit-events')),
  ...(await import('@/lib/tenancy/provision-tenant')),
  ...(await import('@/lib/tenancy/with-tenant')),
  drizzle: await import('drizzle-orm'),
});
type App = Awaited<ReturnType<typeof app>>;
type Tenant = { id: string; slug: string };
type Ctx = import('@/lib/context').TenantContext;

const ACTOR = {
  type: 'user' as const,
  id: '00000000-0000-4000-8000-00000000b0b0',
  name: 'Bench Writer',
  email: 'bench@custos.test',
  isPlatformAdmin: false,
};
const META = { requestId: 'bench-audit', ip: '203.0.113.10', userAgent: 'custos-bench/1.0' };

let serial = 0;
async function newTenant(a: App, label: string): Promise<Tenant> {
  const db = await a.getDb();
  const slug = `bench-${label}-${process.pid}-${++serial}`;
  const { id } = await db.transaction((tx) => a.provisionTenant(tx, { slug, name: `Bench ${label}`, planId: 'enterprise' }));
  return { id, slug };
}

/** The TenantContext a domain function would get, on `tx`. */
function ctxFor(tenant: Tenant, tx: Ctx['db'], permissions: string[] = []): Ctx {
  return {
    actor: ACTOR,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.slug, status: 'active', planId: 'enterprise' },
    membershipId: null,
    permissions: new Set(permissions),
    meta: META,
    db: tx,
  };
}

/** A role edit as the roles domain records it: changed fields before and after, sometimes a reason. */
const entry = (i: number) => ({
  action: process.env.AUDIT_BENCH_ACTION ?? 'role.updated',
  targetType: 'role',
  targetId: `role-${i % 100}`,
  before: { name: `Role ${i}`, description: 'Line operators', permissions: ['batches.read', 'sites.read'] },
  after: {
    name: `Role ${i} (renamed)`,
    description: 'Line operators, night shift',
    permissions: ['batches.read', 'sites.read', 'inspections.read'],
  },
  reason: i % 10 === 0 ? 'Periodic access review' : null,
});

const sqlState = (error: unknown): string => {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (error as Error)?.message?.slice(0, 40) ?? 'unknown';
};

/** WRITES_PER_RUN events by `writers` concurrent writers; writer w writes event i with write(w, i). */
async function writeConcurrently(writers: number, write: (w: number, i: number) => Promise<unknown>) {
  let next = 0;
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (next < WRITES_PER_RUN) {
        const i = next++;
        const t0 = performance.now();
        try {
          await write(w, i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          const code = sqlState(error);
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((x, y) => x - y);
  const failed = [...errors.values()].reduce((s, n) => s + n, 0);
  return {
    perSecond: ((WRITES_PER_RUN - failed) / elapsed) * 1000,
    failed,
    errors: failed ? [...errors].map(([k, v]) => `${k}×${v}`).join(' ') : '0',
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

/** One audited event in `tenant`'s chain, as a domain function writes it: its own withTenant transaction. */
const auditIn = (a: App, tenant: Tenant) => (_w: number, i: number) =>
  a.withTenant(tenant.id, (tx) => a.recordAudit(ctxFor(tenant, tx), entry(i)));

/**
 * The machine's ceiling for one-row transactions through the same driver and pool, with no Custos code: BEGIN, the
 * same three set_config calls as withTenant's setup, an INSERT of the same event's JSON into a plain table (no
 * trigger, no chain, no row-level security), COMMIT. Made and dropped by the bench.
 */
async function bareInserts(a: App) {
  const { sql } = a.drizzle;
  const db = await a.getDb();
  await db.execute(sql`create table if not exists bench_bare_events (id bigserial primary key, tenant_id uuid not null,
    action text not null, data jsonb not null, reason text, at timestamptz not null default now())`);
  const tenantId = '00000000-0000-4000-8000-0000000ba5e0';
  return {
    write: (_w: number, i: number) =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', '', true), set_config('app.bench', 'bare', true)`,
        );
        const e = entry(i);
        await tx.execute(
          sql`insert into bench_bare_events (tenant_id, action, data, reason) values (${tenantId}, ${e.action}, ${JSON.stringify({ before: e.before, after: e.after })}::jsonb, ${e.reason})`,
        );
      }),
    drop: () => db.execute(sql`drop table bench_bare_events`),
  };
}

async function verify(a: App, tenant: Tenant) {
  return a.withTenant(tenant.id, (tx) => a.verifyAuditChain(ctxFor(tenant, tx, ['audit.read'])));
}

async function concurrentWriters(a: App) {
  console.log(`\n1 · Events written per second under concurrent writers (${fmt(WRITES_PER_RUN)} events per run)\n`);
  console.log(
    'Each event: withTenant (BEGIN, set role and tenant, INSERT through the chain trigger, COMMIT) with recordAudit of a\n' +
      'role edit (3 changed fields, a reason on every 10th). "one tenant": all writers on one chain, serialized by the\n' +
      'row lock on its head; "N tenants": writer w on tenant w, one chain each; "bare": the same writers committing the\n' +
      "same JSON into a plain table (no Custos code, no trigger), this machine's ceiling for one-event transactions.\n" +
      'Errors by SQLSTATE (deadlock = 40P01).\n',
  );
  const rows: string[][] = [
    [
      'writers',
      'one tenant: events/s',
      'p50',
      'p99',
      'errors',
      'chain after',
      'N tenants: events/s',
      'p99',
      'errors',
      'bare: tx/s',
      'p99',
      'one ÷ N',
      'one ÷ bare',
    ],
  ];
  const bare = await bareInserts(a);
  try {
    for (const n of WRITER_COUNTS) {
      const shared = await newTenant(a, `w${n}`);
      const one = await writeConcurrently(n, auditIn(a, shared));
      const chain = await verify(a, shared);
      const own = await Promise.all(Array.from({ length: n }, (_, w) => newTenant(a, `w${n}-${w}`)));
      const spread = await writeConcurrently(n, (w, i) => auditIn(a, own[w])(w, i));
      const plain = await writeConcurrently(n, bare.write);
      rows.push([
        String(n),
        fmt(one.perSecond),
        `${fmt(one.p50, 1)} ms`,
        `${fmt(one.p99, 1)} ms`,
        one.errors,
        `${chain.valid ? 'valid' : 'BROKEN'}, ${fmt(chain.checked)} events${chain.checked === WRITES_PER_RUN - one.failed ? '' : ' (MISMATCH)'}`,
        fmt(spread.perSecond),
        `${fmt(spread.p99, 1)} ms`,
        spread.errors,
        fmt(plain.perSecond),
        `${fmt(plain.p99, 1)} ms`,
        fmt(one.perSecond / spread.perSecond, 2),
        fmt(one.perSecond / plain.perSecond, 2),
      ]);
    }
  } finally {
    await bare.drop();
  }
  table(rows);
  console.log(
    '\n"N tenants" shares no chain: it is what this machine commits with that many writers when nothing serializes them.\n' +
      '"bare" is the ceiling for one tenant whatever the chaining, as long as each event is a transaction of its own.',
  );
}

/**
 * The verify/export chain, made in bulk: rows built here (seq, time, prev_hash and hash computed in Node with
 * lib/audit/chain-hash.ts, the mirror of the SQL audit_event_hash) and inserted BULK_ROWS at a time as the owner with
 * `session_replication_role = replica` (superuser: the chain and append-only triggers do not fire), continuing the
 * tenant's chain from its head, and the head moved to the last row so later events chain on. The trigger's own cost
 * is section 1's subject; here it only made the bench slow (1M events took 400 s through it).
 *
 * Checked, not trusted: SQL's audit_event_hash is recomputed over a sample of the rows (and verifyAuditChain reads
 * the rows back as the database prints them, so any difference between the text made here and jsonb's own would
 * show as a broken chain).
 */
async function bulkChain(a: App): Promise<{ tenant: Tenant; insertMs: number; analyzeMs: number; sqlMismatches: number; sampled: number }> {
  const { sql } = a.drizzle;
  const { auditEventHash } = await import('@/lib/audit/chain-hash');
  const { createHash, randomUUID } = await import('node:crypto');
  const tenant = await newTenant(a, 'verify');
  const db = await a.getDb();
  const [head] = a.rowsOf<{ seq: string | number; hash: string }>(
    await db.execute(sql`select seq, hash from audit_chain_heads where chain_key = ${tenant.id}`),
  );
  let seq = Number(head?.seq ?? 0);
  let prevHash = head?.hash ?? '0'.repeat(64);
  const firstSeq = seq + 1;
  const actions = ['role.updated', 'member.updated', 'batch.released', 'inspection.approved', 'api_key.created'];
  const baseMs = Date.now() - TOTAL_EVENTS;
  const started = performance.now();
  let lastReport = started;
  for (let from = 1; from <= TOTAL_EVENTS; from += BULK_ROWS) {
    const to = Math.min(TOTAL_EVENTS, from + BULK_ROWS - 1);
    const rows: Record<string, unknown>[] = [];
    for (let g = from; g <= to; g++) {
      seq += 1;
      // jsonb's own print form (keys shortest first, ", " and ": "), so the text hashed is the text read back.
      const row = {
        id: randomUUID(),
        tenantId: tenant.id,
        seq,
        occurredAt: new Date(baseMs + g).toISOString().replace('Z', `${String(g % 1000).padStart(3, '0')}Z`),
        actorType: 'user',
        actorId: ACTOR.id,
        actorName: ACTOR.name,
        action: actions[g % 5],
        targetType: 'role',
        targetId: `role-${g % 1000}`,
        before: `{"name": "Role ${g}", "permissions": ["batches.read", "sites.read"]}`,
        after: `{"name": "Role ${g} (renamed)", "permissions": ["batches.read", "sites.read", "inspections.read"]}`,
        reason: g % 10 === 0 ? `Periodic access review, "Q${(g % 4) + 1}"` : null,
        requestId: createHash('md5').update(String(g)).digest('hex'),
        ip: `203.0.113.${g % 250}`,
        userAgent: 'custos-bench/1.0',
      };
      const hash = auditEventHash(prevHash, row);
      rows.push({ ...row, before: JSON.parse(row.before) as unknown, after: JSON.parse(row.after) as unknown, prevHash, hash });
      prevHash = hash;
    }
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`select set_config('app.tenant_id', ${tenant.id}, true)`);
      await tx.execute(sql`
        insert into audit_events (id, tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, action, target_type,
                                  target_id, before, after, reason, request_id, ip, user_agent, prev_hash, hash)
        select r."id", r."tenantId", r."seq", r."occurredAt", r."actorType", r."actorId", r."actorName", r."action",
               r."targetType", r."targetId", r."before", r."after", r."reason", r."requestId", r."ip", r."userAgent",
               r."prevHash", r."hash"
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
            "id" uuid, "tenantId" uuid, "seq" bigint, "occurredAt" timestamptz, "actorType" text, "actorId" text,
            "actorName" text, "action" text, "targetType" text, "targetId" text, "before" jsonb, "after" jsonb,
            "reason" text, "requestId" text, "ip" text, "userAgent" text, "prevHash" text, "hash" text)`);
      await tx.execute(sql`
        insert into audit_chain_heads (chain_key, seq, hash) values (${tenant.id}, ${seq}, ${prevHash})
        on conflict (chain_key) do update set seq = excluded.seq, hash = excluded.hash`);
    });
    const now = performance.now();
    if (now - lastReport > 10_000) {
      lastReport = now;
      console.log(`  … ${fmt(to)} events inserted (${fmt((to / (now - started)) * 1000)} /s)`);
    }
  }
  const insertMs = performance.now() - started;
  // Fresh statistics, as autovacuum would gather after a load this size (it may be off on a test server): without
  // them the planner guesses one row per tenant and sorts the whole chain for every page of the export.
  const analyzeStarted = performance.now();
  await db.execute(sql`analyze audit_events`);
  const analyzeMs = performance.now() - analyzeStarted;
  // The SQL function's verdict on a sample: the first, a middle and the last SAMPLE rows.
  const sample = Math.min(1_000, TOTAL_EVENTS);
  const middle = firstSeq + Math.floor(TOTAL_EVENTS / 2);
  const [check] = a.rowsOf<{ sampled: string | number; mismatches: string | number }>(
    await db.execute(sql`
      select count(*) as sampled, count(*) filter (where e.hash <> audit_event_hash(e.prev_hash, e)) as mismatches
        from audit_events e
       where e.tenant_id = ${tenant.id}
         and (e.seq between ${firstSeq} and ${firstSeq + sample - 1}
              or e.seq between ${middle} and ${middle + sample - 1}
              or e.seq > ${seq - sample})`),
  );
  return { tenant, insertMs, analyzeMs, sqlMismatches: Number(check.mismatches), sampled: Number(check.sampled) };
}

async function verification(a: App) {
  console.log(`\n2 · Verifying a chain of ${fmt(TOTAL_EVENTS)} events\n`);
  const { tenant, insertMs, analyzeMs, sqlMismatches, sampled } = await bulkChain(a);
  const times: number[] = [];
  let result: Awaited<ReturnType<typeof verify>> | null = null;
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = heap0;
  let rssPeak = rss0;
  // Sampled every 20 ms while the walks run (the walk awaits the database between pages, so the timer gets its turn).
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 20);
  const node0 = nodeCpuSeconds();
  const pg0 = await postgresCpuByBackend(a);
  for (let i = 0; i < VERIFY_RUNS; i++) {
    const started = performance.now();
    result = await verify(a, tenant);
    times.push(performance.now() - started);
  }
  const nodeCpu = (nodeCpuSeconds() - node0) / VERIFY_RUNS;
  const pgTotal = postgresCpuSince(pg0, await postgresCpuByBackend(a));
  const pgCpu = pgTotal === null ? null : pgTotal / VERIFY_RUNS;
  clearInterval(sampler);
  times.sort((x, y) => x - y);
  const db = await a.getDb();
  const { sql } = a.drizzle;
  const [size] = a.rowsOf<{ bytes: string | number }>(
    await db.execute(sql`select pg_total_relation_size('audit_events')::bigint as bytes`),
  );
  const bytes = Number(size?.bytes ?? 0);
  const { VERIFY_PAGE_SIZE } = await import('@/lib/audit/verify-chain');
  table([
    ['measure', 'result'],
    ['events made', `${fmt(TOTAL_EVENTS)} in ${fmt(insertMs / 1000, 1)} s (${fmt((TOTAL_EVENTS / insertMs) * 1000)} events/s)`],
    ['how', `hashed in Node, ${fmt(BULK_ROWS)} rows per insert … jsonb_to_recordset as the owner, triggers off (replica)`],
    [
      'SQL audit_event_hash on a sample of those rows',
      `${fmt(sampled)} rows, ${fmt(sqlMismatches)} differ${sqlMismatches ? ' (MISMATCH)' : ''}`,
    ],
    ['then analyze audit_events', `${fmt(analyzeMs / 1000, 1)} s`],
    ['audit_events on disk (all tenants, indexes included)', mib(bytes)],
    ['verdict', result ? `valid: ${result.valid}, checked: ${fmt(result.checked)}` : '—'],
    [`verifyAuditChain, best of ${VERIFY_RUNS}`, `${fmt(times[0] / 1000, 2)} s = ${fmt((TOTAL_EVENTS / times[0]) * 1000)} events/s`],
    [
      `verifyAuditChain, median of ${VERIFY_RUNS}`,
      `${fmt(percentile(times, 0.5) / 1000, 2)} s = ${fmt((TOTAL_EVENTS / percentile(times, 0.5)) * 1000)} events/s`,
    ],
    ['CPU per walk', cpuCell(TOTAL_EVENTS, nodeCpu, pgCpu)],
    [
      `heap during the walks (${process.env.DATABASE_URL ? 'one COPY, read as it arrives' : `pages of ${fmt(VERIFY_PAGE_SIZE)}`})`,
      `${mib(heap0)} → peak ${mib(heapPeak)}`,
    ],
    ['RSS during the walks', `${mib(rss0)} → peak ${mib(rssPeak)}`],
  ]);
  return tenant;
}

async function exporting(a: App, tenant: Tenant) {
  console.log(
    `\n3 · Streaming export of the ${fmt(TOTAL_EVENTS)}-event chain (pages of ${fmt(a.EXPORT_PAGE_SIZE)} rows by seq, one transaction each, one page read ahead)\n`,
  );
  const rows: string[][] = [['format', 'time', 'events/s', 'pages', 'file size', 'MB/s', 'heap before → peak', 'RSS before → peak', 'CPU']];
  for (const format of ['csv', 'json'] as const) {
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let heapPeak = heap0;
    let rssPeak = rss0;
    const node0 = nodeCpuSeconds();
    const pg0 = await postgresCpuByBackend(a);
    const started = performance.now();
    const file = await a.withTenant(tenant.id, (tx) => a.exportAuditEvents(ctxFor(tenant, tx, ['audit.export']), { format }));
    const reader = file.stream.getReader();
    let bytes = 0;
    let pages = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      pages++;
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed);
      rssPeak = Math.max(rssPeak, m.rss);
    }
    const elapsed = performance.now() - started;
    const nodeCpu = nodeCpuSeconds() - node0;
    const pgCpu = postgresCpuSince(pg0, await postgresCpuByBackend(a));
    rows.push([
      format,
      `${fmt(elapsed / 1000, 1)} s`,
      fmt((file.throughSeq / elapsed) * 1000),
      fmt(pages),
      mib(bytes),
      fmt(bytes / 1024 / 1024 / (elapsed / 1000), 1),
      `${mib(heap0)} → ${mib(heapPeak)}`,
      `${mib(rss0)} → ${mib(rssPeak)}`,
      cpuCell(file.throughSeq, nodeCpu, pgCpu),
    ]);
  }
  table(rows);
  console.log(
    '\nThe bytes are read and dropped as a client would download them; memory is sampled after every page (heap after a\n' +
      'full GC before each run when node has --expose-gc, as `npm run bench:audit` gives it). The heap holds about one page\n' +
      '(its rows, then its text) at a time, whatever the file size. On PGlite the database lives in this process, so its\n' +
      'RSS includes the database.',
  );
}

async function main() {
  const started = performance.now();
  const a = await app();
  const handle = await a.getDbHandle();
  console.log(
    `\nAudit trail benchmark · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load ${fmt(os.loadavg()[0], 2)} · Node ${process.version}` +
      `\nDatabase: ${handle.kind === 'pglite' ? 'PGlite, in memory (one connection: writers queue in-process)' : `${handle.location} (postgres.js, pool ${process.env.DATABASE_POOL_SIZE})`}`,
  );
  try {
    const migrateStarted = performance.now();
    await a.migrate(handle);
    console.log(`(migrations: ${fmt(performance.now() - migrateStarted)} ms)`);
    // AUDIT_BENCH_SECTIONS=2,3 runs only some sections (3 needs 2's chain).
    const only = new Set((process.env.AUDIT_BENCH_SECTIONS ?? '1,2,3').split(',').map((x) => x.trim()));
    if (only.has('1')) await concurrentWriters(a);
    if (only.has('2') || only.has('3')) {
      const tenant = await verification(a);
      if (only.has('3')) await exporting(a, tenant);
    }
  } finally {
    await a.closeDb();
  }
  console.log(`\n(whole bench: ${fmt((performance.now() - started) / 1000, 1)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
