// `npm run bench:http`: the production build under load (issue 9, "Benchmarks"). Prints figures, asserts nothing.
//
// The standalone server (tests/e2e/server.ts startServer; E2E_STANDALONE_DIR for a copy of .next/standalone) on a
// fresh PostgreSQL database made for this run and dropped after it (HTTP_BENCH_ADMIN_URL, default
// postgres://postgres@127.0.0.1:5432/postgres, or the server of DATABASE_URL). autocannon, HTTP_BENCH_SECONDS
// (default 10) with HTTP_BENCH_CONNECTIONS (default 10) connections, on:
//   GET  /api/health                                   liveness, touches nothing: the yardstick
//   GET  /api/bench/floor?tenant=acme                  the floor: the same batches query in the same RLS transaction,
//                                                      no authentication (bench-only route, BENCH_FLOOR_ROUTE=1)
//   GET  /api/v1/tenants/acme/batches                  session cookie (signed in through Auth.js's credentials flow)
//   GET  /api/v1/tenants/acme/batches                  API key (Authorization: Bearer ck_…)
//   POST /api/v1/tenants/acme/authorize                bearer access token from POST /api/v1/auth/token
//   POST /api/v1/auth/token                            sign-in: email + password, argon2id verify, new session
// each with req/s, p50 and p99 and its ratio to /api/health of the same run; the two GET batches rows also to the floor.
// The endpoints take turns (HTTP_BENCH_ROUNDS, default 5, rounds of HTTP_BENCH_SECONDS / rounds each), so a swing of a
// shared machine's load falls on all of them alike: p50 is the median of the rounds', p99 the worst round's.
//
// HTTP_BENCH_PROFILE=1: afterwards a third server runs V8's sampling profiler (node:inspector, preloaded, switched on
// and off by SIGUSR2) while it takes the floor's load and then the session cookie's once more; the samples of each run
// are grouped (Auth.js token decoding, postgres.js, drizzle, Next.js, the app's own minified code, Node I/O, GC) and
// printed per request side by side, with the session path's top functions by self time.
// HTTP_BENCH_LONG=1: then HTTP_BENCH_LONG_CONNECTIONS (default 64) connections for HTTP_BENCH_LONG_SECONDS (default 60)
// on /api/health, the floor and the session path, printing p50/p99/errors of each. Both are off by default, so the default run stays short.
//
// SQL round trips per request: the server first runs with its DATABASE_URL pointing at a counting TCP proxy in this
// process (the rule of bench:authorize section 4, applied to the wire: a message sent after the last answer starts
// a round trip; statements = Query and Execute messages of the PostgreSQL protocol). Requests are sent one at a time
// after a warm-up, so nothing else shares the count but the server's own background work, measured idle and
// subtracted. Then that server stops and a second one, connected directly, takes the load (so the proxy costs the
// load figures nothing).
//
// HTTP_BENCH_PEOPLE=N (default 0): before the counts and the load, N more people are added straight into the database
// (half with an authenticator app, half with a passkey), spread over N / 20 more tenants with 5 roles of 3 permissions
// each and one role per member, then analysed: the demo tenant's requests are then planned and run among a crowd, as
// in production, where a query that reads a whole table shows (drizzle/0042 was found so).
//
// DATABASE_PREPARED_STATEMENTS=0: the server runs as behind PgBouncer in transaction mode (README, "Running as a
// fleet"): no prepared statements, so PostgreSQL plans every statement of every request afresh.
//
// Bench-only settings: API_KEY_RATE_LIMIT raised to 1,000,000,000 a minute (default 600) for the API-key run;
// sign-in rotates over HTTP_BENCH_USERS (default 40) verified users made for the run, so no account has two sign-ins
// in flight and the brute-force guard (failures only) never counts: no sign-in limit is changed.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { addCpu, cpuSnapshot, cpuSpent, type CpuSnapshot } from './process-cpu';

process.env.LOG_LEVEL ??= 'silent';

const SECONDS = Number(process.env.HTTP_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.HTTP_BENCH_CONNECTIONS ?? 10);
const WARMUP_SECONDS = Number(process.env.HTTP_BENCH_WARMUP_SECONDS ?? 2);
/** The load runs take turns: this many rounds of SECONDS / ROUNDS per endpoint (see the load section). */
const ROUNDS = Number(process.env.HTTP_BENCH_ROUNDS ?? 5);
const USERS = Number(process.env.HTTP_BENCH_USERS ?? 40);
const PEOPLE = Number(process.env.HTTP_BENCH_PEOPLE ?? 0);
const COUNT_REQUESTS = Number(process.env.HTTP_BENCH_COUNT_REQUESTS ?? 20);
const PASSWORD = 'custos-demo-pass';
const TENANT = 'acme';
const PROFILE = process.env.HTTP_BENCH_PROFILE === '1';
const LONG = process.env.HTTP_BENCH_LONG === '1';
const UNPREPARED = process.env.DATABASE_PREPARED_STATEMENTS === '0';
const LONG_SECONDS = Number(process.env.HTTP_BENCH_LONG_SECONDS ?? 60);
const LONG_CONNECTIONS = Number(process.env.HTTP_BENCH_LONG_CONNECTIONS ?? 64);
const FLOOR_LABEL = 'GET batches · floor (no auth)';
const SESSION_LABEL = 'GET batches · session cookie';
const API_KEY_LABEL = 'GET batches · API key';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  rows.forEach((r, n) => {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

// autocannon ships no types: the part used here.
type AutocannonRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type AutocannonResult = {
  requests: { average: number; total: number };
  /** Seconds the run took. */
  duration: number;
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
};
type AutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: Array<AutocannonRequest & { setupRequest?: (req: AutocannonRequest) => AutocannonRequest }>;
};
const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

// ---------------------------------------------------------------------------------------------------------
// The counting proxy
// ---------------------------------------------------------------------------------------------------------

const counter = { on: false, trips: 0, statements: 0 };

/** A TCP proxy to PostgreSQL that counts, while `counter.on`, round trips and statements the server sends. */
async function countingProxy(target: { host: string; port: number }): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let awaiting = false;
    let started = false; // the startup message (and an SSLRequest) have no type byte
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (counter.on && !awaiting) counter.trips++;
      awaiting = true;
      // Parse the frontend messages to count Query ('Q') and Execute ('E').
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (!started) {
          if (pending.length < 8) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          const code = pending.readInt32BE(4);
          pending = pending.subarray(length);
          if (code !== 80877103) started = true; // 80877103: SSLRequest, answered by one byte before the startup
          continue;
        }
        if (pending.length < 5) break;
        const length = pending.readInt32BE(1);
        if (pending.length < length + 1) break;
        const type = String.fromCharCode(pending[0]);
        if (counter.on && (type === 'Q' || type === 'E')) counter.statements++;
        pending = pending.subarray(length + 1);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      awaiting = false;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Talking to the server
// ---------------------------------------------------------------------------------------------------------

async function json(res: Response) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${res.url}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function accessToken(base: string, email: string) {
  const res = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return (await json(res)).accessToken as string;
}

/** The console's sign-in: Auth.js csrf, then the credentials callback; returns the session Cookie header. */
async function sessionCookie(base: string, email: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await json(csrfRes);
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${base}/` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`credentials sign-in gave no session cookie (${res.status})`);
  return session.split(';')[0];
}

type Target = { label: string; method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: () => string };

async function send(base: string, t: Target) {
  const res = await fetch(`${base}${t.path}`, { method: t.method, headers: t.headers, body: t.body?.() });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${t.label}: ${res.status}`);
}

function autocannonOptions(url: string, t: Target, connections: number, duration: number): AutocannonOptions {
  return {
    url,
    connections,
    duration,
    requests: [
      {
        method: t.method,
        path: t.path,
        headers: t.headers,
        ...(t.body ? { setupRequest: (req: AutocannonRequest) => ({ ...req, body: t.body!() }) } : {}),
      },
    ],
  };
}

/**
 * The slices of one endpoint as one result: req/s = all requests ÷ all seconds, p50 = the median of the slices' p50s,
 * p99 and max = the worst slice's, counts summed.
 */
function combine(parts: AutocannonResult[]): AutocannonResult {
  const total = parts.reduce((n, p) => n + p.requests.total, 0);
  const seconds = parts.reduce((n, p) => n + p.duration, 0);
  const p50s = parts.map((p) => p.latency.p50).sort((a, b) => a - b);
  const sum = (pick: (p: AutocannonResult) => number) => parts.reduce((n, p) => n + pick(p), 0);
  return {
    requests: { average: total / Math.max(seconds, 1e-9), total },
    latency: {
      p50: p50s[Math.floor(p50s.length / 2)],
      p99: Math.max(...parts.map((p) => p.latency.p99)),
      average: sum((p) => p.latency.average * p.requests.total) / Math.max(total, 1),
      max: Math.max(...parts.map((p) => p.latency.max)),
    },
    duration: seconds,
    non2xx: sum((p) => p.non2xx),
    errors: sum((p) => p.errors),
    timeouts: sum((p) => p.timeouts),
  };
}

/** A warm-up of WARMUP_SECONDS, then the measured run. */
async function load(url: string, t: Target, connections: number, duration: number): Promise<AutocannonResult> {
  if (WARMUP_SECONDS > 0) await autocannon(autocannonOptions(url, t, connections, WARMUP_SECONDS));
  return autocannon(autocannonOptions(url, t, connections, duration));
}

// ---------------------------------------------------------------------------------------------------------
// The CPU profile (HTTP_BENCH_PROFILE=1)
// ---------------------------------------------------------------------------------------------------------

type CpuProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
/** Preloaded into the profiled server (NODE_OPTIONS=--require): SIGUSR2 starts V8's sampling profiler, the next stops it
 * and writes the profile to CUSTOS_PROFILE_FILE. */
const PROFILER_PRELOAD = `
const inspector = require('node:inspector');
const fs = require('node:fs');
const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
  } else {
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(process.env.CUSTOS_PROFILE_FILE, JSON.stringify(result.profile));
      running = false;
    });
  }
});
`;

/** V8's .cpuprofile: times in microseconds of the monotonic clock (the one process.hrtime reads). */
type CpuProfile = { nodes: CpuProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/**
 * Where a sample's time goes: the innermost frame of its stack that one of these decides (first rule that matches,
 * leaf to root), by function name and file name. The app's own code is bundled and minified by the build (functions
 * are `(anonymous)` in `[root-of-the-server]__…` chunks), so session lookup and permission load cannot be told apart
 * from listBatches by CPU samples: that split is the SQL statement count (session lookup 1, permission load 3).
 */
const PROFILE_GROUPS: Array<[string, RegExp]> = [
  ['Auth.js token decoding (jose, hkdf)', /jose|auth_core|next-auth|panva|hkdf|jwtDecrypt|compactDecrypt|flattenedDecrypt/i],
  ['postgres.js driver', /(^| )(connection|query|types|bytes|result|index)\.js\b|postgres/i],
  ['drizzle (query building, row mapping)', /drizzle/i],
  ['Next.js', /next[_-]dist|next_dist|turbo\.runtime|app-route|next-server|react-server/i],
  ['app code (minified: session lookup, permission load, listBatches, wrapper)', /root-of-the-server|\[project\]|app_api|lib_/i],
  [
    'Node.js sockets, streams, timers (HTTP and database I/O)',
    /^(writeBuffer|writev|writeUtf8String|writeLatin1String|onStreamRead|_propagate|callbackTrampoline|runMicrotasks|processTicksAndRejections|makeTransferable) |node:/,
  ],
];

type ProfileSummary = { busy: number; requests: number; groups: Map<string, number>; self: Map<string, number> };

function summarizeProfile(profile: CpuProfile, requests: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frameName = (n: CpuProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url || '')}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  const groupOf = new Map<number, string>();
  const group = (id: number): string => {
    const known = groupOf.get(id);
    if (known) return known;
    const n = byId.get(id)!;
    const fn = n.callFrame.functionName;
    const special = ['(idle)', '(program)', '(garbage collector)'].includes(fn) ? fn : null;
    const text = `${fn || '(anonymous)'} ${n.callFrame.url.startsWith('node:') ? n.callFrame.url : path.basename(n.callFrame.url)}`;
    const rule = special ?? PROFILE_GROUPS.find(([, re]) => re.test(text))?.[0];
    const up = parent.get(id);
    const g = rule ?? (up === undefined ? 'other' : group(up));
    groupOf.set(id, g);
    return g;
  };
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i];
    const id = profile.samples[i];
    const g = group(id);
    if (g === '(idle)') continue;
    busy += us;
    groups.set(g, (groups.get(g) ?? 0) + us);
    const name = frameName(byId.get(id)!);
    self.set(name, (self.get(name) ?? 0) + us);
  }
  return { busy, requests, groups, self };
}

/** The floor's and the session path's server CPU per request, by group, side by side. */
function printProfiles(floor: ProfileSummary, session: ProfileSummary) {
  const per = (x: ProfileSummary, us: number) => us / 1000 / Math.max(x.requests, 1);
  const names = [...new Set([...session.groups.keys(), ...floor.groups.keys()])].sort(
    (a, b) => (session.groups.get(b) ?? 0) - (session.groups.get(a) ?? 0),
  );
  const rows = [['server CPU per request (ms), by innermost deciding frame', 'floor', 'session cookie', 'session − floor']];
  for (const name of names) {
    const f = per(floor, floor.groups.get(name) ?? 0);
    const s = per(session, session.groups.get(name) ?? 0);
    rows.push([name, fmt(f, 2), fmt(s, 2), fmt(s - f, 2)]);
  }
  rows.push([
    'all (busy, not idle)',
    fmt(per(floor, floor.busy), 2),
    fmt(per(session, session.busy), 2),
    fmt(per(session, session.busy) - per(floor, floor.busy), 2),
  ]);
  console.log('');
  table(rows);
  const out = [['session cookie: top functions by self time', 'ms / request', 'share']];
  for (const [name, us] of [...session.self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    out.push([name.slice(0, 100), fmt(per(session, us), 2), `${fmt((100 * us) / Math.max(session.busy, 1), 1)} %`]);
  }
  console.log('');
  table(out);
}

// ---------------------------------------------------------------------------------------------------------

/**
 * HTTP_BENCH_PEOPLE: a crowd around the demo tenant, made in bulk as the owner with the database's triggers off for the
 * load (session_replication_role = replica: no audit chain, no seat checks), then analysed so the planner knows it.
 */
async function addCrowd(url: string, people: number) {
  const { default: postgres } = await import('postgres');
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  const started = performance.now();
  const tenants = Math.max(1, Math.ceil(people / 20));
  try {
    await owner.begin(async (tx) => {
      await tx.unsafe(`set local session_replication_role = replica`);
      await tx.unsafe(
        `create temporary table crowd on commit drop as
           select gen_random_uuid() as id, g from generate_series(1, ${people}) g`,
      );
      await tx.unsafe(`insert into users (id, email, name) select id, 'crowd-' || g || '@bench.custos', 'Crowd ' || g from crowd`);
      await tx.unsafe(
        `insert into totp_secrets (user_id, secret_ciphertext, confirmed_at) select id, 'x', now() from crowd where g % 2 = 0`,
      );
      await tx.unsafe(
        `insert into webauthn_credentials (user_id, credential_id, public_key, device_type, name)
           select id, 'crowd-' || id, '\\x00'::bytea, 'singleDevice', 'key' from crowd where g % 2 = 1`,
      );
      await tx.unsafe(
        `create temporary table crowd_tenants on commit drop as
           select gen_random_uuid() as id, g from generate_series(1, ${tenants}) g`,
      );
      await tx.unsafe(
        `insert into tenants (id, slug, name, plan_id) select id, 'crowd-' || g, 'Crowd ' || g, 'enterprise' from crowd_tenants`,
      );
      await tx.unsafe(`insert into roles (tenant_id, name) select t.id, 'role ' || r from crowd_tenants t, generate_series(1, 5) r`);
      await tx.unsafe(
        `insert into role_permissions (tenant_id, role_id, permission)
           select r.tenant_id, r.id, p from roles r join crowd_tenants t on t.id = r.tenant_id,
                  unnest(array['batches.read', 'sites.read', 'tenant.read']) p`,
      );
      await tx.unsafe(
        `insert into memberships (tenant_id, user_id)
           select t.id, c.id from crowd c join crowd_tenants t on t.g = (c.g % ${tenants}) + 1`,
      );
      await tx.unsafe(
        `insert into member_roles (tenant_id, membership_id, role_id)
           select m.tenant_id, m.id, (select r.id from roles r where r.tenant_id = m.tenant_id order by r.name limit 1)
             from memberships m join crowd_tenants t on t.id = m.tenant_id`,
      );
    });
    await owner.unsafe('analyze');
  } finally {
    await owner.end();
  }
  console.log(
    `Crowd (HTTP_BENCH_PEOPLE): ${fmt(people)} more people (half with an authenticator app, half with a passkey) in ` +
      `${fmt(tenants)} more tenants, 5 roles each, made and analysed in ${fmt((performance.now() - started) / 1000, 1)} s.`,
  );
}

/**
 * CPU per request of each party during the load runs (all threads of the server, every PostgreSQL process, this
 * process's autocannon), read from /proc: where a path's extra cost lands, including what a V8 profile cannot see
 * (PostgreSQL's work, libuv's thread pool, the kernel's share of the sockets).
 */
function printCpuPerRequest(runs: Array<{ label: string; requests: number; cpu: CpuSnapshot }>) {
  const floor = runs.find((x) => x.label === FLOOR_LABEL);
  const per = (ms: number, requests: number) => (requests > 0 ? ms / requests : 0);
  const total = (c: NonNullable<CpuSnapshot>) => c.serverMs + c.postgresMs + c.benchMs;
  if (runs.every((x) => !x.cpu)) return;
  const floorAll = floor?.cpu ? per(total(floor.cpu), floor.requests) : 0;
  const rows = [['endpoint', 'server', 'PostgreSQL', 'autocannon', 'all', 'all − floor', 'CPU-bound ceiling req/s']];
  for (const { label, requests, cpu } of runs) {
    if (!cpu) continue;
    const all = per(total(cpu), requests);
    rows.push([
      label,
      fmt(per(cpu.serverMs, requests), 2),
      fmt(per(cpu.postgresMs, requests), 2),
      fmt(per(cpu.benchMs, requests), 2),
      fmt(all, 2),
      label === FLOOR_LABEL || !floorAll ? '' : fmt(all - floorAll, 2),
      all > 0 ? fmt((os.cpus().length * 1000) / all) : '',
    ]);
  }
  console.log('\nCPU per request during the load runs (ms; /proc: every thread of the server, every PostgreSQL process, this process):');
  table(rows);
  console.log(
    `The ceiling is what ${os.cpus().length} cores would serve if this CPU per request were all that limited them (cores × 1000 ÷ all).`,
  );
}

async function main() {
  const started = performance.now();
  const cpus = os.cpus();
  console.log(
    `\nHTTP benchmark · ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), load ${fmt(os.loadavg()[0], 2)} · Node ${process.version} · ` +
      `${SECONDS} s × ${CONNECTIONS} connections per endpoint`,
  );
  const { startServer } = await import('../e2e/server');
  const { default: postgres } = await import('postgres');

  // A fresh database of this run.
  const adminUrl = new URL(process.env.HTTP_BENCH_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dbName = `custos_bench_http_${randomUUID().slice(0, 8)}`;
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const [{ server_version: version }] = await admin<{ server_version: string }[]>`show server_version`;
  const direct = new URL(adminUrl);
  direct.pathname = `/${dbName}`;
  console.log(`PostgreSQL ${version} · database ${dbName} (dropped at the end)`);
  if (UNPREPARED) console.log('DATABASE_PREPARED_STATEMENTS=0: no prepared statements (as behind PgBouncer in transaction mode)');

  const proxy = await countingProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const proxied = new URL(direct);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  // BENCH_FLOOR_ROUTE: the bench-only floor route (app/api/bench/floor/route.ts); production never sets it.
  const serverEnv: Record<string, string> = { API_KEY_RATE_LIMIT: '1000000000', BENCH_FLOOR_ROUTE: '1' };
  // DATABASE_PREPARED_STATEMENTS=0: the server as behind PgBouncer in transaction mode (every statement planned afresh).
  if (UNPREPARED) serverEnv.DATABASE_PREPARED_STATEMENTS = '0';
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const rows: string[][] = [];
  try {
    // ---- 1. the server through the counting proxy: set up, then count ------------------------------------
    process.env.DATABASE_URL = proxied.toString(); // startServer passes it on, with MIGRATE_ON_START and SEED_ON_START
    let boot = performance.now();
    server = await startServer(serverEnv);
    const bootProxied = performance.now() - boot;
    const base = server.url;
    const tenantBase = `/api/v1/tenants/${TENANT}`;

    const adminToken = await accessToken(base, 'admin@acme.test');
    const bearer = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const cookie = await sessionCookie(base, 'admin@acme.test');
    const key = await json(
      await fetch(`${base}${tenantBase}/api-keys`, {
        method: 'POST',
        headers: bearer,
        body: JSON.stringify({ name: 'bench:http', permissions: ['batches.read'] }),
      }),
    );
    const batches = await json(await fetch(`${base}${tenantBase}/batches`, { headers: { cookie } }));
    const batchCount = (batches.data ?? batches.items ?? []).length;

    // Users for the sign-in run, made directly in the database (argon2id hashes as the app makes them).
    process.env.DATABASE_URL = direct.toString();
    const { getDb, closeDb } = await import('@/db/client');
    const { insertUser } = await import('@/lib/auth/create-user');
    const db = await getDb();
    const signInUsers: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const email = `bench-signin-${i}@bench.custos`;
      await insertUser(db, { email, name: `Bench ${i}`, password: PASSWORD, verified: true });
      signInUsers.push(email);
    }
    await closeDb();
    if (PEOPLE > 0) await addCrowd(direct.toString(), PEOPLE);
    let nextUser = 0;
    const signInBody = () => JSON.stringify({ email: signInUsers[nextUser++ % signInUsers.length], password: PASSWORD });

    const targets = (token: string): Target[] => [
      { label: 'GET /api/health', method: 'GET', path: '/api/health', headers: {} },
      { label: FLOOR_LABEL, method: 'GET', path: `/api/bench/floor?tenant=${TENANT}`, headers: {} },
      { label: SESSION_LABEL, method: 'GET', path: `${tenantBase}/batches`, headers: { cookie } },
      { label: API_KEY_LABEL, method: 'GET', path: `${tenantBase}/batches`, headers: { authorization: `Bearer ${key.key}` } },
      {
        label: 'POST authorize · bearer token',
        method: 'POST',
        path: `${tenantBase}/authorize`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: () => JSON.stringify({ permission: 'batches.release' }),
      },
      {
        label: 'POST auth/token · sign-in',
        method: 'POST',
        path: '/api/v1/auth/token',
        headers: { 'content-type': 'application/json' },
        body: signInBody,
      },
    ];

    // Background work of an idle server (e.g. the serial-job resumer), per second, to subtract.
    const idleMs = 3_000;
    Object.assign(counter, { on: true, trips: 0, statements: 0 });
    await new Promise((r) => setTimeout(r, idleMs));
    counter.on = false;
    const idle = { trips: counter.trips / idleMs, statements: counter.statements / idleMs };

    const perRequest = new Map<string, { trips: number; statements: number; raw: string }>();
    for (const t of targets(adminToken)) {
      for (let i = 0; i < 5; i++) await send(base, t); // warm-up: prepared statements, lastSeenAt/lastUsedAt touches
      Object.assign(counter, { on: true, trips: 0, statements: 0 });
      const t0 = performance.now();
      for (let i = 0; i < COUNT_REQUESTS; i++) await send(base, t);
      const ms = performance.now() - t0;
      counter.on = false;
      const trips = Math.max(0, counter.trips - idle.trips * ms) / COUNT_REQUESTS;
      const statements = Math.max(0, counter.statements - idle.statements * ms) / COUNT_REQUESTS;
      perRequest.set(t.label, { trips, statements, raw: `${counter.trips}/${counter.statements}` });
    }
    await server.stop();
    server = null;
    await proxy.close();

    // ---- 2. a second server, directly on the database: the load ------------------------------------------
    process.env.DATABASE_URL = direct.toString();
    boot = performance.now();
    server = await startServer(serverEnv);
    const bootDirect = performance.now() - boot;
    const loadToken = await accessToken(server.url, 'admin@acme.test'); // fresh: access tokens live 15 minutes
    // Interleaved: ROUNDS rounds, each giving every endpoint SECONDS / ROUNDS, so a swing of the shared machine's load
    // falls on all endpoints alike and the ratios of one run compare like with like.
    const all = targets(loadToken);
    const slices = new Map<Target, AutocannonResult[]>(all.map((t) => [t, []]));
    const cpu = new Map<Target, CpuSnapshot>();
    const slice = Math.max(1, Math.round(SECONDS / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of all) {
        if (round === 0 && WARMUP_SECONDS > 0) await autocannon(autocannonOptions(server.url, t, CONNECTIONS, WARMUP_SECONDS));
        const before = cpuSnapshot(server.process.pid);
        slices.get(t)!.push(await autocannon(autocannonOptions(server.url, t, CONNECTIONS, slice)));
        cpu.set(t, addCpu(cpu.get(t) ?? null, cpuSpent(before, cpuSnapshot(server.process.pid))));
      }
    }
    const results: Array<{ t: Target; r: AutocannonResult }> = [];
    for (const t of all) {
      const r = combine(slices.get(t)!);
      results.push({ t, r });
      console.log(
        `  ${t.label}: ${fmt(r.requests.average, 1)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
          `${fmt(r.requests.total)} requests, non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
    const health = results[0].r;
    const floor = results.find((x) => x.t.label === FLOOR_LABEL)!.r;
    rows.push([
      'endpoint',
      'req/s',
      'p50 ms',
      'p99 ms',
      'req/s ÷ health',
      'req/s ÷ floor',
      'p50 ÷ health',
      'non-2xx',
      'SQL trips / req',
      'statements / req',
    ]);
    for (const { t, r } of results) {
      const counted = perRequest.get(t.label)!;
      rows.push([
        t.label,
        fmt(r.requests.average, 1),
        fmt(r.latency.p50, 1),
        fmt(r.latency.p99, 1),
        results[0].t === t ? '1' : fmt(r.requests.average / health.requests.average, 3),
        t.label === FLOOR_LABEL
          ? '1'
          : t.label === SESSION_LABEL || t.label === API_KEY_LABEL
            ? fmt(r.requests.average / floor.requests.average, 3)
            : '',
        results[0].t === t ? '1' : `${fmt(r.latency.p50 / Math.max(health.latency.p50, 0.5), 1)}×`,
        fmt(r.non2xx + r.errors + r.timeouts),
        fmt(counted.trips, 1),
        fmt(counted.statements, 1),
      ]);
    }
    console.log('');
    table(rows);
    console.log(
      `\nServer ready: ${fmt(bootProxied / 1000, 1)} s through the proxy (migrate + seed), ${fmt(bootDirect / 1000, 1)} s direct. ` +
        `Demo data: tenant ${TENANT}, GET batches returns ${batchCount} rows (first page).\n` +
        `SQL trips / statements per request: ${COUNT_REQUESTS} sequential requests after 5 warm-ups, through the counting proxy,\n` +
        `minus the idle server's background (${fmt(idle.trips * 1000, 2)} trips/s, ${fmt(idle.statements * 1000, 2)} statements/s, over ${idleMs / 1000} s).\n` +
        `The kv store is PostgreSQL (no Upstash configured), so the API key's rate-limit count and the sign-in guard's\n` +
        `counters are SQL round trips here; with Upstash they are HTTP calls to Redis instead. p50 ÷ health uses at least\n` +
        `0.5 ms for health's p50 (autocannon reports whole milliseconds). Sign-in is dominated by argon2id's verify.\n` +
        `autocannon runs in this process on the same machine as the server: the figures are the machine's, not the app's alone.\n` +
        `The floor is GET /api/bench/floor (bench-only, BENCH_FLOOR_ROUTE=1): listBatches in withTenantPipelined, no credential.`,
    );
    printCpuPerRequest(results.map(({ t, r }) => ({ label: t.label, requests: r.requests.total, cpu: cpu.get(t) ?? null })));
    const sessionTarget = targets(loadToken).find((t) => t.label === SESSION_LABEL)!;
    const floorTarget = targets(loadToken).find((t) => t.label === FLOOR_LABEL)!;

    // ---- 3. the long run (HTTP_BENCH_LONG=1): /api/health, the floor and the session path -------------------
    // With every connection kept busy, the mean latency is connections ÷ req/s (Little's law), so a p99 under a bound
    // needs at least connections ÷ bound req/s. The same run of health and the floor shows what this machine allows
    // before any authentication.
    if (LONG) {
      const healthTarget = targets(loadToken).find((t) => t.label === 'GET /api/health')!;
      console.log(
        `\nLong runs: ${LONG_CONNECTIONS} connections × ${LONG_SECONDS} s each (load ${fmt(os.loadavg()[0], 2)}); ` +
          `a p99 under 100 ms needs more than ${fmt(LONG_CONNECTIONS / 0.1)} req/s`,
      );
      for (const t of [healthTarget, floorTarget, sessionTarget]) {
        const r = await load(server.url, t, LONG_CONNECTIONS, LONG_SECONDS);
        const counts = Object.entries(r.statusCodeStats ?? {})
          .map(([code, { count }]) => `${code}: ${fmt(count)}`)
          .join(', ');
        console.log(
          `  ${t.label}: ${fmt(r.requests.average, 1)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
            `max ${r.latency.max} ms, ${fmt(r.requests.total)} requests (${counts}), non-2xx ${r.non2xx}, ` +
            `errors ${r.errors}, timeouts ${r.timeouts}`,
        );
      }
    }
    await server.stop();
    server = null;

    // ---- 4. the CPU profile of the session path (HTTP_BENCH_PROFILE=1) -----------------------------------
    if (PROFILE) {
      // --cpu-prof is refused in NODE_OPTIONS: a preloaded script runs V8's profiler through node:inspector instead,
      // started and stopped by SIGUSR2, so each profile holds one measured run only: the floor's, then the session's.
      const profileDir = mkdtempSync(path.join(os.tmpdir(), 'custos-http-profile-'));
      const preload = path.join(profileDir, 'profile-on-sigusr2.cjs');
      const profileFile = path.join(profileDir, 'run.cpuprofile');
      writeFileSync(preload, PROFILER_PRELOAD);
      server = await startServer({ ...serverEnv, NODE_OPTIONS: `--require ${preload}`, CUSTOS_PROFILE_FILE: profileFile });
      const summaries: ProfileSummary[] = [];
      const lines: string[] = [];
      for (const t of [floorTarget, sessionTarget]) {
        if (WARMUP_SECONDS > 0) await autocannon(autocannonOptions(server.url, t, CONNECTIONS, WARMUP_SECONDS));
        rmSync(profileFile, { force: true });
        server.process.kill('SIGUSR2');
        await new Promise((resolve) => setTimeout(resolve, 300));
        const r = await autocannon(autocannonOptions(server.url, t, CONNECTIONS, SECONDS));
        server.process.kill('SIGUSR2');
        for (let i = 0; i < 100 && !existsSync(profileFile); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        if (!existsSync(profileFile)) throw new Error('the profiled server wrote no profile');
        summaries.push(summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile, r.requests.total));
        lines.push(`${t.label} ${fmt(r.requests.average, 1)} req/s`);
      }
      await server.stop();
      server = null;
      rmSync(profileDir, { recursive: true, force: true });
      console.log(
        `\nCPU profiles of the server (V8 sampling, 1 ms; ${CONNECTIONS} connections × ${SECONDS} s each; while profiled: ${lines.join(', ')}):`,
      );
      printProfiles(summaries[0], summaries[1]);
    }
  } finally {
    await server?.stop();
    await proxy.close().catch(() => {});
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch((error) => console.error('drop database:', error));
    await admin.end({ timeout: 5 });
  }
  console.log(`\n(whole bench: ${fmt((performance.now() - started) / 1000, 1)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
