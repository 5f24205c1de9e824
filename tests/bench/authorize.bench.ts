// `npm run bench:authorize`: what an access decision costs. Prints figures, asserts nothing (issue 4, "Performance").
//
// 1. The in-process evaluator (lib/access/evaluate.ts) on a cached EffectiveAccess, for tenants of 10 … 10,000 roles.
// 2. node-casbin (devDependency of this bench only) on the same policy, same decisions; ratio evaluator ÷ casbin.
// 3. The same decisions through POST /api/v1/tenants/{tenant}/authorize over HTTP against the production build
//    (only when .next/standalone/server.js exists).
// 4. SQL round trips an authenticated GET /api/v1/tenants/{tenant} makes before its own query, counted by a
//    database handle built here the way db/client.ts builds it, plus counting hooks (db/client.ts is not changed).
//
// Runs on DATABASE_URL when set; otherwise on a fresh in-memory PGlite (never `.data/pglite`, which a running
// dev server may hold: PGlite has no file lock).
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { newEnforcer, newModelFromString } from 'casbin';
import { preparing, type DbHandle } from '@/db/client';
import { evaluate, explain, type AccessFacts, type AccessSource, type EffectiveAccess } from '@/lib/access/evaluate';
import { PERMISSIONS } from '@/lib/access/permissions';

if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= 'memory://';
process.env.LOG_LEVEL ??= 'silent';

const ROLE_COUNTS = [10, 100, 1_000, 10_000];
const EVALUATOR_MS = 500; // per role count and per operation (best of 5 windows)
const CASBIN_MS = 1_500; // per role count
const HTTP_REQUESTS = 2_000;
const HTTP_CONCURRENCY = 16;
const TENANT = 'bench';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

function table(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  rows.forEach((r, n) => {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/** Deterministic PRNG (mulberry32): the same tenant every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------
// The generated tenant
// ---------------------------------------------------------------------------------------------------------

const SYSTEMS = ['lims', 'mes', 'erp', 'qms', 'wms'];
const SYSTEM_RESOURCES = ['samples', 'results', 'orders', 'lots', 'devices', 'reports'];
const SYSTEM_ACTIONS = ['read', 'create', 'update', 'approve'];
/** Catalog keys plus system keys `<slug>:<resource.action>`: 33 + 120 keys. */
const UNIVERSE: string[] = [
  ...PERMISSIONS,
  ...SYSTEMS.flatMap((s) => SYSTEM_RESOURCES.flatMap((r) => SYSTEM_ACTIONS.map((a) => `${s}:${r}.${a}`))),
];

type Role = { id: string; name: string; permissions: string[] };
type Tenant = {
  roles: Role[];
  member: string;
  memberRoles: Role[];
  team: { id: string; name: string; role: Role };
  grant: string;
  deny: string;
  /** The keys asked about, in order: allowed, denied by the override, default deny. */
  mix: Array<{ key: string; kind: 'allowed' | 'deny' | 'default_deny' }>;
};

/** 5 allowed, 2 denied by the override, 3 default deny in every 10 asks, interleaved so any prefix has all three. */
const PATTERN = [
  'allowed',
  'deny',
  'default_deny',
  'allowed',
  'default_deny',
  'allowed',
  'deny',
  'allowed',
  'default_deny',
  'allowed',
] as const;

function generateTenant(roleCount: number): Tenant {
  // The member's four roles come first and from a fixed seed, so the member is the same person in every tenant size:
  // only the rest of the tenant grows.
  const mine = rng(4);
  const rest = rng(4 + roleCount);
  const roles: Role[] = [];
  for (let i = 0; i < roleCount; i++) {
    const random = i < 4 ? mine : rest;
    const size = 3 + Math.floor(random() * 23); // 3–25 keys
    const set = new Set<string>();
    while (set.size < size) set.add(UNIVERSE[Math.floor(random() * UNIVERSE.length)]);
    roles.push({ id: `r${i}`, name: `role-${i}`, permissions: [...set] });
  }
  // The member holds three roles directly, one through a team, a direct grant and one explicit deny.
  const memberRoles = [roles[0], roles[2], roles[3]];
  const team = { id: 't0', name: 'night-shift', role: roles[1] };
  const held = new Set([...memberRoles, team.role].flatMap((r) => r.permissions));
  const notHeld = UNIVERSE.filter((k) => !held.has(k));
  const grant = notHeld[0];
  const deny = memberRoles[0].permissions[0]; // granted by a role, denied explicitly: the deny must win
  held.add(grant);
  held.delete(deny);
  const allowed = [...held];
  const refused = UNIVERSE.filter((k) => !held.has(k) && k !== deny).concat(['lims:unknown.thing', 'nothing.here']);
  const mix: Tenant['mix'] = [];
  for (let i = 0; i < 100; i++) {
    const kind = PATTERN[i % PATTERN.length];
    mix.push(
      kind === 'allowed'
        ? { key: allowed[i % allowed.length], kind }
        : kind === 'deny'
          ? { key: deny, kind }
          : { key: refused[i % refused.length], kind },
    );
  }
  return { roles, member: 'member-1', memberRoles, team, grant, deny, mix };
}

function factsOf(t: Tenant): AccessFacts {
  const grants: Array<{ permission: string; source: AccessSource }> = [];
  for (const role of t.memberRoles)
    for (const permission of role.permissions) grants.push({ permission, source: { type: 'role', id: role.id, name: role.name } });
  for (const permission of t.team.role.permissions) {
    grants.push({
      permission,
      source: { type: 'team', id: t.team.id, name: t.team.name, role: { id: t.team.role.id, name: t.team.role.name } },
    });
  }
  grants.push({ permission: t.grant, source: { type: 'grant' } });
  return { grants, denies: [t.deny] };
}

/**
 * Run `decide` over the key mix in 5 windows of `ms` ÷ 5 and keep the best: decisions per second with as little
 * interference from other processes on the machine as we can get.
 */
function loop(keys: string[], ms: number, decide: (key: string) => boolean): { perSecond: number; allowed: number } {
  let allowed = 0;
  let best = 0;
  for (let w = 0; w < 5; w++) {
    let count = 0;
    const started = performance.now();
    let now = started;
    while (now - started < ms / 5) {
      for (let i = 0; i < keys.length; i++) if (decide(keys[i])) allowed++;
      count += keys.length;
      now = performance.now();
    }
    best = Math.max(best, (count / (now - started)) * 1000);
  }
  return { perSecond: best, allowed };
}

// ---------------------------------------------------------------------------------------------------------
// 1 + 2: evaluator and casbin
// ---------------------------------------------------------------------------------------------------------

const CASBIN_MODEL = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act, eft

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.obj == p.obj && r.act == p.act && r.dom == p.dom && g(r.sub, p.sub, r.dom)
`;

/** `lims:samples.read` → [`lims:samples`, `read`]; `batches.release` → [`batches`, `release`]. */
const split = (key: string): [string, string] => {
  const dot = key.lastIndexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
};

async function casbinFor(t: Tenant) {
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
  const p: string[][] = [];
  for (const role of t.roles) for (const key of role.permissions) p.push([`role:${role.id}`, TENANT, ...split(key), 'allow']);
  p.push([t.member, TENANT, ...split(t.grant), 'allow']);
  p.push([t.member, TENANT, ...split(t.deny), 'deny']);
  const g: string[][] = [
    ...t.memberRoles.map((r) => [t.member, `role:${r.id}`, TENANT]),
    [t.member, `team:${t.team.id}`, TENANT],
    [`team:${t.team.id}`, `role:${t.team.role.id}`, TENANT],
  ];
  // The policy as an adapter would load it. (Model.addPolicies checks each rule for duplicates with a linear
  // scan, which is quadratic at 100k rules; the rules here are unique by construction.)
  const model = enforcer.getModel();
  model.model.get('p')!.get('p')!.policy = p;
  model.model.get('g')!.get('g')!.policy = g;
  await enforcer.buildRoleLinks();
  return { enforcer, rules: p.length + g.length };
}

async function inProcess() {
  console.log('\n1 + 2 · Decisions per second: in-process evaluator vs node-casbin (same policy, same keys)\n');
  console.log(
    'Each tenant has N roles of 3–25 random keys from the catalog and 5 systems (`<slug>:<resource.action>`); the member holds\n' +
      '3 roles, a team role, a direct grant and an explicit deny on a key one of their roles grants. Keys asked, cycled:\n' +
      '50 % allowed, 20 % the denied key, 30 % default deny. Evaluator: `evaluate` once, then `explain` / `permissions.has`.\n' +
      'casbin: RBAC with domains + deny (`p = sub, dom, obj, act, eft`, `e = allow && !deny`), `enforce()` per decision.\n',
  );
  const rows: string[][] = [
    ['roles', 'casbin rules', 'evaluate (once)', 'explain /s', 'permissions.has /s', 'casbin enforce /s', 'explain ÷ casbin', 'agree'],
  ];
  for (const n of ROLE_COUNTS) {
    const t = generateTenant(n);
    const keys = t.mix.map((m) => m.key);

    let started = performance.now();
    const facts = factsOf(t);
    const access: EffectiveAccess = evaluate(facts);
    const evaluateMs = performance.now() - started;

    loop(keys, 50, (k) => explain(access, k).allowed); // warm up the JIT
    const explained = loop(keys, EVALUATOR_MS, (k) => explain(access, k).allowed);
    loop(keys, 50, (k) => access.permissions.has(k));
    const has = loop(keys, EVALUATOR_MS, (k) => access.permissions.has(k));

    started = performance.now();
    const { enforcer, rules } = await casbinFor(t);
    const loadMs = performance.now() - started;
    const enforce = (k: string) => enforcer.enforceSync(t.member, TENANT, ...split(k));
    // Timed over the mix in order, each answer compared with the evaluator's ("agree"), and the evaluator's reason
    // with the kind the generator meant. At 10,000 roles that is only a few decisions: casbin is that slow there.
    let agree = true;
    let count = 0;
    started = performance.now();
    let now = started;
    while (now - started < CASBIN_MS || count < 5) {
      const m = t.mix[count % t.mix.length];
      const d = explain(access, m.key);
      const kind = d.allowed ? 'allowed' : d.reason === 'deny' ? 'deny' : 'default_deny';
      if (enforce(m.key) !== d.allowed || kind !== m.kind) agree = false;
      count++;
      now = performance.now();
    }
    const casbinPerSecond = (count / (now - started)) * 1000;
    rows.push([
      fmt(n),
      `${fmt(rules)} (load ${fmt(loadMs)} ms)`,
      `${fmt(evaluateMs, 3)} ms`,
      fmt(explained.perSecond),
      fmt(has.perSecond),
      fmt(casbinPerSecond, casbinPerSecond < 100 ? 1 : 0),
      `${fmt(explained.perSecond / casbinPerSecond)}×`,
      `${agree ? 'yes' : 'NO'} (${fmt(count)})`,
    ]);
  }
  table(rows);
  console.log(
    '\nThe evaluator works on the member’s own effective set (a Set and a Map), so the tenant’s role count does not enter a\n' +
      'decision; casbin’s enforce() runs its matcher over every `p` rule of the tenant (it cannot stop at the first allow when\n' +
      'a deny may follow), so it falls as rules grow. "agree (n)": casbin and the evaluator gave the same answer to each of the\n' +
      'n timed casbin decisions, and the evaluator’s reason was the intended kind (allowed / deny / default_deny). The\n' +
      'evaluator figures are the best of 5 windows (other processes share the CPUs); casbin’s are one window.',
  );
}

// ---------------------------------------------------------------------------------------------------------
// 3: over HTTP
// ---------------------------------------------------------------------------------------------------------

async function overHttp() {
  console.log(
    `\n3 · POST /api/v1/tenants/{tenant}/authorize over HTTP (production build, ${fmt(HTTP_REQUESTS)} requests, ${HTTP_CONCURRENCY} at a time)\n`,
  );
  const standalone = path.resolve(import.meta.dirname, '../../.next/standalone/server.js');
  if (!existsSync(standalone)) {
    console.log('skipped: run npm run build first');
    return;
  }
  const { startServer } = await import('../e2e/server');
  const bootStarted = performance.now();
  // DATABASE_URL: the server migrates and seeds that database. Otherwise its own embedded PGlite in a temporary directory.
  const server = await startServer();
  const bootMs = performance.now() - bootStarted;
  try {
    const json = async (res: Response) => {
      const text = await res.text();
      if (!res.ok) throw new Error(`${res.status} ${res.url}: ${text}`);
      return text ? JSON.parse(text) : null;
    };
    const token = await json(
      await fetch(`${server.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@acme.test', password: 'custos-demo-pass' }),
      }),
    );
    const auth = { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' };
    const base = `${server.url}/api/v1/tenants/acme`;
    // The member asked about: the seeded operator, with an explicit deny on a key their role grants.
    const members = await json(await fetch(`${base}/members?limit=200`, { headers: auth }));
    const operator = members.data.find((m: { user: { email: string } }) => m.user.email === 'operator@acme.test');
    const permissions = await json(await fetch(`${base}/members/${operator.id}/permissions`, { headers: auth }));
    const held: string[] = permissions.permissions
      .filter((p: { allowed: boolean }) => p.allowed)
      .map((p: { permission: string }) => p.permission);
    const deny = held[0];
    await json(
      await fetch(`${base}/members/${operator.id}/overrides`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ grant: [], deny: [deny] }),
      }),
    );
    const allowed = held.slice(1);
    const refused = [...PERMISSIONS.filter((p) => !held.includes(p)), 'lims:samples.read', 'nothing.here'];
    const mix: string[] = [];
    for (let i = 0; i < 100; i++) mix.push(i % 10 < 5 ? allowed[i % allowed.length] : i % 10 < 7 ? deny : refused[i % refused.length]);

    const ask = async (permission: string) => {
      const res = await fetch(`${base}/authorize`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ permission, userId: operator.user.id }),
      });
      const body = await json(res);
      return body as { allowed: boolean; reason: string };
    };
    // Check the answers once, and warm up.
    const reasons = new Map<string, number>();
    for (const key of mix) {
      const { reason } = await ask(key);
      const kind = reason.startsWith('role:') || reason.startsWith('team:') || reason === 'grant' ? 'allowed' : reason;
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: HTTP_CONCURRENCY }, async () => {
        while (next < HTTP_REQUESTS) {
          const i = next++;
          const t = performance.now();
          try {
            await ask(mix[i % mix.length]);
          } catch {
            failures++;
          }
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    table([
      ['measure', 'result'],
      ['server ready (migrate + seed + boot)', `${fmt(bootMs / 1000, 1)} s`],
      ['database of the server', process.env.DATABASE_URL ? 'DATABASE_URL (postgres.js)' : 'embedded PGlite (temporary directory)'],
      ['answers in the mix (checked once)', [...reasons].map(([k, v]) => `${k} ${v}`).join(', ')],
      ['requests / failures', `${fmt(HTTP_REQUESTS)} / ${failures}`],
      ['throughput', `${fmt((HTTP_REQUESTS / elapsed) * 1000, 1)} req/s`],
      ['latency p50', `${fmt(percentile(latencies, 0.5), 1)} ms`],
      ['latency p99', `${fmt(percentile(latencies, 0.99), 1)} ms`],
    ]);
    console.log(
      '\nEach request: verify the access token (JWT), look up its session, resolve the tenant, open the tenant transaction,\n' +
        'load the caller’s access, then load the asked-about member’s access (userId of another member needs members.read).',
    );
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4: SQL round trips per authenticated request
// ---------------------------------------------------------------------------------------------------------

/**
 * What the database client sent while `on`, grouped in round trips: a statement sent while an earlier one still awaits
 * its answer (pipelined) rides in the same round trip. postgres.js: statements from its `debug` hook, round trips from
 * the socket (a write after the last answer starts one; any data back ends it). PGlite (in-process, no socket):
 * statements from query/exec, a call made while another is still running shares its round trip; the BEGIN/COMMIT
 * PGlite sends itself in transaction() are one each.
 */
const recorder = { on: false, trips: [] as string[][], unassigned: [] as string[], awaiting: false, pending: 0, markAt: -1 };
const SECOND_FLIGHT = '  ↳ 2nd flight of that statement: bind + execute, after its describe';
const clean = (text: unknown) => String(text).replace(/\s+/g, ' ').trim();
const newTrip = () => recorder.trips.push([]);
const lastTrip = () => recorder.trips[recorder.trips.length - 1];

/** PGlite, wrapped so every query/exec (and the BEGIN/COMMIT PGlite sends itself in transaction()) is noted. */
function countingPglite(client: PGlite): PGlite {
  const passThrough = <T extends object>(target: T, prop: string | symbol) => {
    const value = Reflect.get(target, prop, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === 'query' || prop === 'exec') {
          return async (text: string, ...rest: unknown[]) => {
            if (recorder.on) {
              if (recorder.pending === 0) newTrip();
              lastTrip().push(clean(text));
            }
            recorder.pending++;
            try {
              return await (t as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop](text, ...rest);
            } finally {
              recorder.pending--;
            }
          };
        }
        if (prop === 'transaction') {
          return async (fn: (tx: object) => Promise<unknown>) => {
            const own = (text: string) => recorder.on && recorder.trips.push([text]);
            own('BEGIN');
            try {
              const result = await (t as unknown as PGlite).transaction((tx) => fn(wrap(tx)));
              own('COMMIT');
              return result;
            } catch (error) {
              own('ROLLBACK');
              throw error;
            }
          };
        }
        return passThrough(t, prop);
      },
    });
  return wrap(client);
}

/** A TCP socket to PostgreSQL for postgres.js's `socket` option, counting round trips. */
function countingSocket(options: { host: string[]; port: number[] }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options.port[0] ?? 5432, options.host[0] ?? '127.0.0.1');
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = (...args: unknown[]) => {
      if (recorder.on) {
        if (!recorder.awaiting) {
          newTrip();
          recorder.awaiting = true;
        }
        // A write with no new statement: the second flight of a statement postgres.js describes first (parse + describe,
        // wait for the parameter types, then bind + execute): every unprepared statement with parameters.
        lastTrip().push(...(recorder.unassigned.length ? recorder.unassigned : [SECOND_FLIGHT]));
        recorder.unassigned = [];
      }
      return write(...args);
    };
    socket.on('data', () => {
      recorder.awaiting = false;
    });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The handle db/client.ts would open, plus the counting hooks. */
async function openCountingDb(): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const sql = postgres(
      url,
      Object.assign(
        {
          max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
          connect_timeout: 5,
          idle_timeout: 30,
          onnotice: () => {},
          connection: { application_name: 'custos-bench' },
          // Called once per statement sent (begin and commit included), before it is written to the socket.
          debug: (_connection: number, query: string) => {
            if (recorder.on) recorder.unassigned.push(clean(query));
          },
        },
        // postgres.js's `socket` option (a function returning a connected socket; not in its typings).
        { socket: countingSocket },
      ),
    );
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    // The same client the app builds (db/client.ts): prepared statements unless DATABASE_PREPARED_STATEMENTS=0.
    const client = process.env.DATABASE_PREPARED_STATEMENTS === '0' ? sql : preparing(sql);
    return { db: drizzle({ client }), kind: 'postgres', location: parsed.toString(), sql, close: () => sql.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const client = new PGlite('memory://');
  await client.waitReady;
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle({ client: countingPglite(client) }) as unknown as DbHandle['db'];
  return { db, kind: 'pglite', location: 'memory://', pglite: client, close: () => client.close() };
}

async function sqlRoundTrips() {
  const handle = await openCountingDb();
  (globalThis as unknown as { __custosDb?: Promise<DbHandle> }).__custosDb = Promise.resolve(handle);
  console.log(
    `\n4 · SQL round trips per authenticated API request · ${handle.kind} (${handle.kind === 'pglite' ? 'in memory' : handle.location})\n`,
  );
  const { closeDb } = await import('@/db/client');
  try {
    const { migrate } = await import('@/db/migrate');
    const { call, createTenantWithMembers } = await import('../support/fixtures');
    const { GET } = await import('@/app/api/v1/tenants/[tenant]/route');
    const { POST: createKey } = await import('@/app/api/v1/tenants/[tenant]/api-keys/route');
    const { tenantRoute } = await import('@/lib/http/route');
    const { getTenant } = await import('@/lib/tenancy/get-tenant');
    const migrateStarted = performance.now();
    await migrate(handle);
    const migrateMs = performance.now() - migrateStarted;
    const t = await createTenantWithMembers();
    const admin = t.users.admin;
    const url = `http://localhost/api/v1/tenants/${t.slug}`;
    const params = { tenant: t.slug };

    // The same route, its handler marking where its own work begins (same wrapper, same spec, same getTenant).
    const marked = tenantRoute({ ...GET.route, access: 'tenant.read' }, async ({ ctx }) => {
      if (recorder.on) recorder.markAt = recorder.trips.length;
      return getTenant(ctx);
    });
    const key = await call(createKey, {
      method: 'POST',
      url: `${url}/api-keys`,
      params,
      cookie: admin.cookie,
      body: { name: 'bench', permissions: ['tenant.read'] },
    });
    if (key.status !== 201 && key.status !== 200) throw new Error(`creating an API key: ${key.status} ${JSON.stringify(key.json)}`);

    const record = async (label: string, handler: typeof GET, headers: { cookie?: string; headers?: Record<string, string> }) => {
      Object.assign(recorder, { trips: [], unassigned: [], awaiting: false, markAt: -1, on: true });
      const res = await call(handler, { url, params, ...headers });
      recorder.on = false;
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.json)}`);
      return { trips: recorder.trips, markAt: recorder.markAt };
    };
    const actors: Array<[string, { cookie?: string; headers?: Record<string, string> }]> = [
      ['session cookie (browser)', { cookie: admin.cookie }],
      ['API key (Authorization: Bearer ck_…)', { headers: { authorization: `Bearer ${key.json.key}` } }],
    ];
    const RUNS = 5;
    const summary: string[][] = [
      ['actor', 'before own query: trips (statements)', 'handler', 'after', 'total', `real GET totals, ${RUNS} runs`],
    ];
    const count = (trips: string[][]) => `${trips.length} (${trips.flat().filter((x) => x !== SECOND_FLIGHT).length})`;
    for (const [label, credentials] of actors) {
      // Warm up (prepared statements on the connections, lastSeenAt/lastUsedAt touches), then measure.
      for (let i = 0; i < 3; i++) await call(GET, { url, params, ...credentials });
      const real: string[] = [];
      for (let i = 0; i < RUNS; i++) real.push(count((await record(label, GET, credentials)).trips));
      const { trips, markAt } = await record(label, marked, credentials);
      const before = trips.slice(0, markAt);
      const rest = trips.slice(markAt);
      const after = rest.filter((trip) => trip.every((x) => /^(commit|rollback)$/i.test(x)));
      const own = rest.filter((trip) => !after.includes(trip));
      summary.push([label, count(before), count(own), count(after), count(trips), real.join(' · ')]);
      console.log(`${label}:`);
      trips.forEach((trip, i) => {
        if (i === markAt) console.log('      ── handler: getTenant(ctx) starts ──');
        trip.forEach((x, j) => console.log(`  ${j === 0 ? `rt ${String(i + 1).padStart(2)}` : '     '}  ${x.slice(0, 80)}`));
      });
      console.log('');
    }
    table(summary);
    console.log(
      `\nMeasured: GET /api/v1/tenants/{tenant} by the tenant's admin, the route handler called in-process with\n` +
        `tests/support/fixtures.ts call(), after 3 warm-up calls. Every statement the database client sent, grouped in\n` +
        `round trips (rt); "trips (statements)" counts both. postgres.js: statements from its \`debug\` hook, round trips\n` +
        `from its socket (a write after the last answer starts one, pipelined statements share it). PGlite runs in-process\n` +
        `(no network): its query/exec calls, a call made while another is still running sharing the "trip", and the\n` +
        `BEGIN/COMMIT of transaction(). "before own query" = everything before getTenant(ctx)'s first statement (the\n` +
        `same route re-declared with a marker in its handler); the real GET's totals, ${RUNS} runs, are in the last column.\n` +
        `Not in these runs: the session's lastSeenAt update (at most once per 5 minutes per session: +1 statement) and\n` +
        `the API key's lastUsedAt update (at most once a minute: +1 statement), skipped after the warm-up. The API key's\n` +
        `first trip is its rate-limit count in the kv store: a Redis call instead of SQL when Upstash is configured.\n` +
        `(migrations on this database: ${fmt(migrateMs)} ms)`,
    );
  } finally {
    await closeDb();
  }
}

async function main() {
  const started = performance.now();
  console.log(
    `\nAuthorization benchmark · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load ${fmt(os.loadavg()[0], 2)} · Node ${process.version}`,
  );
  // BENCH_SECTIONS=1,3 runs only some sections (1 and 2 always run together).
  const only = new Set((process.env.BENCH_SECTIONS ?? '1,3,4').split(',').map((x) => x.trim()));
  if (only.has('1') || only.has('2')) await inProcess();
  if (only.has('3')) await overHttp();
  if (only.has('4')) await sqlRoundTrips();
  console.log(`\n(whole bench: ${fmt((performance.now() - started) / 1000, 1)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
