import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { E2E_AUTH_SECRET } from '../e2e/server';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';
import {
  bearerClient,
  histogram,
  signIn,
  sleep,
  startApp,
  startPostgres,
  startRedis,
  startUpstashShim,
  type Client,
  type PrivatePostgres,
  type PrivateRedis,
  type RunningServer,
  type UpstashShim,
  finished,
  gtin,
} from './services';

// A fleet: two standalone app instances (A and B, JOBS_ENABLED=0) and two worker processes on one
// PostgreSQL and one Redis (through the Upstash REST stand-in), behind a round-robin proxy in this process. What one
// instance counts, stores or changes holds on the other: sign-in limits, idempotent replays, API-key limits, a tenant
// wiped out and created again with the same slug, a permission taken away. A serial job whose runner is SIGKILLed is
// finished by the other worker, once. A rolling restart (each instance out of rotation, SIGTERM, started again, back
// in) under steady load fails no request. The workers are what the Docker image's worker replicas run: `node
// worker.cjs` in the standalone output (scripts/prepare-standalone.mjs bundles scripts/worker.ts there), with only
// that output's node_modules; tests/faults/job-workers.test.ts runs `npm run worker` from the source checkout.

/** lib/auth/sign-in-guard.ts ACCOUNT_LIMIT: failures per email before it is locked. */
const ACCOUNT_LIMIT = 5;
const API_KEY_RATE_LIMIT = 10;
const SERIALS = 200_000;
const KILL_AFTER = 20_000;
const standalone = path.resolve(process.env.E2E_STANDALONE_DIR ?? path.join(import.meta.dirname, '../../.next/standalone'));

let pg: PrivatePostgres;
let redis: PrivateRedis;
let shim: UpstashShim;
let proxy: RoundRobinProxy;
const apps: RunningServer[] = [];
type Worker = { process: ChildProcess; logs: string[] };
const workers: Worker[] = [];
let appEnv: Record<string, string>;

function startWorker(databaseUrl: string): Worker {
  const child = spawn(process.execPath, ['worker.cjs'], {
    cwd: standalone,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: E2E_AUTH_SECRET,
      APP_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'debug',
      PLATFORM_ADMIN_MFA: 'optional',
      UPSTASH_REDIS_REST_URL: shim.url,
      UPSTASH_REDIS_REST_TOKEN: shim.token,
      SERIAL_JOBS_STALE_AFTER_SECONDS: '5',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the group can be signalled as one.
    detached: true,
  });
  const logs: string[] = [];
  child.stdout.on('data', (d: Buffer) => logs.push(String(d)));
  child.stderr.on('data', (d: Buffer) => logs.push(String(d)));
  return { process: child, logs };
}

const signalGroup = (worker: Worker, signal: NodeJS.Signals) => {
  try {
    process.kill(-worker.process.pid!, signal);
  } catch {
    // the group has exited
  }
};

const tokenRequest = (baseUrl: string, email: string, password: string) =>
  fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

/** The same bearer token, sent to instance A or B directly. */
const on = (client: Client, app: RunningServer) => bearerClient(app.url, client.token);

beforeAll(async () => {
  pg = await startPostgres();
  redis = await startRedis();
  shim = await startUpstashShim({ redisUrl: redis.url });
  appEnv = {
    UPSTASH_REDIS_REST_URL: shim.url,
    UPSTASH_REDIS_REST_TOKEN: shim.token,
    JOBS_ENABLED: '0',
    API_KEY_RATE_LIMIT: String(API_KEY_RATE_LIMIT),
    SERIAL_JOBS_STALE_AFTER_SECONDS: '5',
  };
  // A migrates and seeds; B and the workers start on the prepared database.
  apps.push(await startApp(pg.url, appEnv));
  for (let i = 0; i < 2; i++) workers.push(startWorker(pg.url));
  apps.push(await startApp(pg.url, { ...appEnv, MIGRATE_ON_START: '0', SEED_ON_START: '0' }));
  proxy = await startRoundRobinProxy(apps.map((a) => a.url));
  const until = Date.now() + 90_000;
  while (Date.now() < until && !workers.every((w) => w.logs.join('').includes('worker running'))) await sleep(250);
  expect(workers.map((w) => w.logs.join('').includes('worker running'))).toEqual([true, true]);
}, 240_000);

afterAll(async () => {
  for (const w of workers) signalGroup(w, 'SIGKILL');
  await proxy?.close();
  await Promise.all(apps.map((a) => a.stop()));
  await shim?.close().catch(() => {});
  await redis?.stop();
  await pg?.destroy();
});

describe('two instances and two workers on one PostgreSQL and Redis', () => {
  it('count sign-in failures across instances: locked after exactly the limit in total', async () => {
    const [a, b] = apps;
    const email = 'qa2@acme.test';
    const statuses: string[] = [];
    for (let i = 0; i < ACCOUNT_LIMIT + 3; i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await tokenRequest(app.url, email, `wrong-password-${i}`);
      statuses.push(`${app === a ? 'A' : 'B'}:${res.status}`);
    }
    // The right password, on each instance: refused while locked.
    const right = await Promise.all(apps.map((app) => tokenRequest(app.url, email, DEMO_PASSWORD).then((r) => r.status)));
    console.log(`fleet sign-in limit: ${statuses.join(' ')}; the right password then: A ${right[0]}, B ${right[1]}`);
    expect(statuses.slice(0, ACCOUNT_LIMIT).every((s) => s.endsWith(':401'))).toBe(true);
    expect(statuses.slice(ACCOUNT_LIMIT).every((s) => s.endsWith(':429'))).toBe(true);
    expect(right).toEqual([429, 429]);
  });

  it('replay one Idempotency-Key on the other instance: the same answer, one row', async () => {
    const [a, b] = apps;
    const admin = await signIn(a.url, 'admin@acme.test');
    const key = randomUUID();
    const name = `Fleet team ${Date.now() % 1_000_000}`;
    const post = (app: RunningServer) =>
      fetch(`${app.url}/api/v1/tenants/acme/teams`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ name }),
      });
    const first = await post(a);
    const firstBody = await first.text();
    const second = await post(b);
    const secondBody = await second.text();
    const [{ n }] = await pg.sql<{ n: number }[]>`select count(*)::int as n from teams where name = ${name}`;
    console.log(
      `fleet idempotency: A ${first.status}, B ${second.status} (replayed: ${second.headers.get('idempotent-replayed')}); ${n} row`,
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(secondBody).toBe(firstBody);
    expect(n).toBe(1);
  });

  it('count API-key requests across instances: 429 after exactly API_KEY_RATE_LIMIT in total', async () => {
    const [a, b] = apps;
    const admin = await signIn(a.url, 'admin@acme.test');
    const created = await admin.send('POST', '/api/v1/tenants/acme/api-keys', {
      name: `fleet ${Date.now()}`,
      permissions: ['batches.read'],
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const statuses: number[] = [];
    const byInstance = { A: [] as number[], B: [] as number[] };
    for (let i = 0; i < API_KEY_RATE_LIMIT * 2; i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await bearerClient(app.url, key).get('/api/v1/tenants/acme/batches?limit=1');
      await res.arrayBuffer();
      statuses.push(res.status);
      byInstance[app === a ? 'A' : 'B'].push(res.status);
    }
    console.log(
      `fleet API-key limit ${API_KEY_RATE_LIMIT}/min: ${histogram(statuses)} (A: ${histogram(byInstance.A)}; B: ${histogram(byInstance.B)})`,
    );
    expect(statuses.slice(0, API_KEY_RATE_LIMIT)).toEqual(Array(API_KEY_RATE_LIMIT).fill(200));
    expect(statuses.slice(API_KEY_RATE_LIMIT)).toEqual(Array(API_KEY_RATE_LIMIT).fill(429));
  });

  it('see a tenant wiped out and created again with the same slug as the new tenant on both instances', async () => {
    const [a, b] = apps;
    const platform = await signIn(a.url, 'root@custos.test');
    const owner = await signIn(a.url, 'admin@globex.test');
    const slug = 'fleet-x';
    const create = async (app: RunningServer, name: string) => {
      const res = await on(platform, app).send('POST', '/api/v1/admin/tenants', {
        slug,
        name,
        plan: 'team',
        adminEmail: 'admin@globex.test',
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const read = async (client: Client) => {
      const res = await client.get(`/api/v1/tenants/${slug}`);
      return { status: res.status, body: (await res.json()) as { id?: string; name?: string } };
    };
    const newKey = async (app: RunningServer) => {
      const res = await on(owner, app).send('POST', `/api/v1/tenants/${slug}/api-keys`, { name: 'fleet-x', permissions: ['tenant.read'] });
      expect(res.status).toBe(201);
      return ((await res.json()) as { key: string }).key;
    };

    const oldId = await create(a, 'Fleet X, first');
    const oldKey = await newKey(a);
    // Both instances remember the slug's tenant: by the owner's token and by the API key.
    for (const app of apps) {
      expect(await read(on(owner, app))).toMatchObject({ status: 200, body: { id: oldId } });
      expect((await read(bearerClient(app.url, oldKey))).status).toBe(200);
    }

    const wiped = await on(platform, a).send('DELETE', `/api/v1/admin/tenants/${slug}?confirm=${slug}`);
    expect(wiped.status).toBe(200);
    const newId = await create(b, 'Fleet X, second');
    expect(newId).not.toBe(oldId);

    // A: the owner's first request after the re-creation. B: an API key of the new tenant (made on A) at its first
    // use, then the owner. Every answer is the new tenant.
    const answers: Array<{ on: string; by: string; status: number; id?: string; name?: string }> = [];
    const note = (where: string, by: string, r: { status: number; body: { id?: string; name?: string } }) =>
      answers.push({ on: where, by, status: r.status, id: r.body.id, name: r.body.name });
    note('A', 'token', await read(on(owner, a)));
    const key = await newKey(a);
    note('B', 'new key', await read(bearerClient(b.url, key)));
    note('B', 'token', await read(on(owner, b)));
    note('A', 'new key', await read(bearerClient(a.url, key)));
    const oldKeyStatuses = await Promise.all(
      apps.map(async (app) => (await bearerClient(app.url, oldKey).get(`/api/v1/tenants/${slug}`)).status),
    );
    console.log(
      `fleet tenant re-created: ${answers.map((r) => `${r.on} by ${r.by} ${r.status} ${r.id === newId ? 'new' : r.id === oldId ? 'OLD' : r.id}`).join(', ')}; the old key: ${oldKeyStatuses.join(', ')}`,
    );
    for (const answer of answers) expect(answer).toEqual({ on: answer.on, by: answer.by, status: 200, id: newId, name: 'Fleet X, second' });
    expect(oldKeyStatuses).toEqual([401, 401]);
  });

  it('apply a permission taken away on A at the next request on B', async () => {
    const [a, b] = apps;
    const admin = await signIn(a.url, 'admin@acme.test');
    const viewer = await signIn(b.url, 'viewer@acme.test');
    const [{ id: membershipId }] = await pg.sql<{ id: string }[]>`
      select m.id from memberships m join users u on u.id = m.user_id join tenants t on t.id = m.tenant_id
      where u.email = 'viewer@acme.test' and t.slug = 'acme'`;
    const before = await Promise.all(apps.map(async (app) => (await on(viewer, app).get('/api/v1/tenants/acme/batches?limit=1')).status));
    const denied = await on(admin, a).send('PUT', `/api/v1/tenants/acme/members/${membershipId}/overrides`, {
      grant: [],
      deny: ['batches.read'],
    });
    expect(denied.status).toBe(200);
    const afterOnB = (await on(viewer, b).get('/api/v1/tenants/acme/batches?limit=1')).status;
    const afterOnA = (await on(viewer, a).get('/api/v1/tenants/acme/batches?limit=1')).status;
    const restored = await on(admin, b).send('PUT', `/api/v1/tenants/acme/members/${membershipId}/overrides`, { grant: [], deny: [] });
    expect(restored.status).toBe(200);
    const againOnA = (await on(viewer, a).get('/api/v1/tenants/acme/batches?limit=1')).status;
    console.log(
      `fleet permission change: before A ${before[0]}, B ${before[1]}; denied on A, then B ${afterOnB}, A ${afterOnA}; restored on B, then A ${againOnA}`,
    );
    expect(before).toEqual([200, 200]);
    expect(afterOnB).toBe(403);
    expect(afterOnA).toBe(403);
    expect(againOnA).toBe(200);
  });

  it('finish a serial job on the other worker, once, when its runner is SIGKILLed', { timeout: 240_000 }, async () => {
    const [a] = apps;
    const [first, second] = workers;
    const admin = await signIn(a.url, 'admin@acme.test');
    const sites = (await (await admin.get('/api/v1/tenants/acme/sites')).json()) as { data: Array<{ id: string }> };
    const batchRes = await admin.send('POST', '/api/v1/tenants/acme/batches', {
      batchNumber: `FLE${Date.now() % 1_000_000}`,
      productName: 'Fleet tablets',
      gtin: gtin(`0950130${String(Date.now() % 1_000_000).padStart(6, '0')}`),
      siteId: sites.data[0].id,
      plannedQuantity: SERIALS,
      expiresOn: '2030-12-31',
    });
    expect(batchRes.status).toBe(201);
    const batch = (await batchRes.json()) as { id: string };

    // The second worker frozen (SIGSTOP), so the first one takes the job; it is let go once the first is killed.
    signalGroup(second, 'SIGSTOP');
    let jobId: string;
    let atKill: { done: number; rows: number; status: string };
    try {
      const requested = await admin.send('POST', `/api/v1/tenants/acme/batches/${batch.id}/serials`, { count: SERIALS });
      expect(requested.status).toBe(202);
      jobId = ((await requested.json()) as { jobId: string }).jobId;
      const started = Date.now();
      const state = async () => {
        const [job] = await pg.sql<{ status: string; done: number }[]>`select status, done from serial_jobs where id = ${jobId}`;
        const [{ rows }] = await pg.sql<{ rows: number }[]>`select count(*)::int as rows from serials where batch_id = ${batch.id}`;
        return { ...job, rows };
      };
      let seen = await state();
      while (seen.done < KILL_AFTER && seen.status !== 'completed' && Date.now() - started < 90_000) {
        await sleep(25);
        seen = await state();
      }
      expect(seen.status).toBe('running');
      await new Promise<void>((resolve) => {
        first.process.once('exit', () => resolve());
        signalGroup(first, 'SIGKILL');
      });
      atKill = await state();
    } finally {
      signalGroup(second, 'SIGCONT');
    }
    const killedAt = Date.now();
    expect(atKill.status).toBe('running');
    expect(atKill.rows).toBe(atKill.done);
    expect(atKill.done).toBeLessThan(SERIALS);

    // Asking for the job (on either instance, through the proxy) sends an orphan to the engine once its heartbeat is
    // stale; the resume-serial-jobs schedule would too, within a minute.
    const viaProxy = bearerClient(proxy.url, admin.token);
    type JobView = { status: string; progress: { done: number; total: number } };
    let view: JobView | null = null;
    while (Date.now() - killedAt < 180_000) {
      const res = await viaProxy.get(`/api/v1/tenants/acme/jobs/${jobId!}`);
      expect(res.status).toBe(200);
      view = (await res.json()) as JobView;
      if (view.status === 'completed' || view.status === 'failed') break;
      await sleep(1_000);
    }
    const [job] = await pg.sql<{ status: string; done: number; attempts: number }[]>`
      select status, done, attempts from serial_jobs where id = ${jobId!}`;
    const [{ rows, distinct }] = await pg.sql<{ rows: number; distinct: number }[]>`
      select count(*)::int as rows, count(distinct serial)::int as distinct from serials where batch_id = ${batch.id}`;
    const events = await pg.sql<{ action: string; n: number }[]>`
      select action, count(*)::int as n from audit_events where target_id = ${batch.id} and action like 'serials.%' group by action order by action`;
    const finishedBy = [...apps.map((x) => x.logs), first.logs, second.logs].map((logs) => finished(logs, 'serial-generation').length);
    console.log(
      [
        `fleet serial job: ${SERIALS} requested; runner (worker 1) SIGKILLed at done ${atKill.done} (${atKill.rows} rows)`,
        `  ended ${job.status} with done ${job.done}, ${rows} rows (${distinct} distinct), claimed ${job.attempts} times, ${Date.now() - killedAt} ms after the kill`,
        `  serial-generation jobs finished: A ${finishedBy[0]}, B ${finishedBy[1]}, worker 1 ${finishedBy[2]}, worker 2 ${finishedBy[3]}`,
        `  audit: ${events.map((e) => `${e.action} × ${e.n}`).join(', ')}`,
      ].join('\n'),
    );
    expect(view?.status).toBe('completed');
    expect(job).toMatchObject({ status: 'completed', done: SERIALS });
    expect(rows).toBe(SERIALS);
    expect(distinct).toBe(SERIALS);
    expect(events.find((e) => e.action === 'serials.generation_requested')?.n).toBe(1);
  });

  it('fail no request during a rolling restart under load', { timeout: 240_000 }, async () => {
    const admin = await signIn(proxy.url, 'admin@acme.test');
    const viaProxy = bearerClient(proxy.url, admin.token);
    const log: Array<{ at: number; phase: string; status: number | string }> = [];
    let phase = 'both in rotation';
    let running = true;
    const client = async () => {
      while (running) {
        const res = await viaProxy.get('/api/v1/tenants/acme/batches?limit=1').catch((error: Error) => error);
        if (res instanceof Error) log.push({ at: Date.now(), phase, status: res.message });
        else {
          await res.arrayBuffer().catch(() => {});
          log.push({ at: Date.now(), phase, status: res.status });
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await sleep(2_000);
    const timings: string[] = [];
    for (const name of ['A', 'B'] as const) {
      const index = name === 'A' ? 0 : 1;
      const old = apps[index];
      const started = Date.now();
      phase = `${name} out of rotation`;
      await proxy.remove(old.url);
      phase = `${name} stopping (SIGTERM)`;
      await old.stop();
      phase = `${name} starting`;
      const fresh = await startApp(pg.url, { ...appEnv, MIGRATE_ON_START: '0', SEED_ON_START: '0' });
      apps[index] = fresh;
      proxy.add(fresh.url);
      phase = `${name} back in rotation`;
      timings.push(`${name} out for ${Date.now() - started} ms`);
      await sleep(2_000);
    }
    running = false;
    await Promise.all(clients);
    const phases = [...new Set(log.map((l) => l.phase))];
    console.log(
      [
        `fleet rolling restart: ${log.length} requests by 4 clients through the proxy; ${timings.join(', ')}`,
        ...phases.map((p) => `  ${p}: ${histogram(log.filter((l) => l.phase === p).map((l) => l.status))}`),
        `  answered by: ${[...proxy.answeredBy.values()].join(', ')} (four instances over the run)`,
      ].join('\n'),
    );
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((l) => l.status !== 200)).toEqual([]);
  });
});
