import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/lib/access/permissions';
import {
  consoleCookie,
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
} from './services';

// PostgreSQL crashes (pg_ctl stop -m immediate) under steady load: every answer while it is gone is a quick 503
// service_unavailable problem (never a 500, never a hang; console pages a plain 503 page), /api/ready names the
// database, and once PostgreSQL is back the same server process answers again. Every multi-row write (a role with 28 permissions and its audit
// event, one transaction) is then all there or not there at all.

/** What the demo admin may grant: every permission but the QA ones it does not hold itself. */
const GRANTED = PERMISSIONS.filter((p) => p !== 'batches.release' && p !== 'inspections.approve');

let pg: PrivatePostgres;
let redis: PrivateRedis;
let shim: UpstashShim;
let app: RunningServer;
let admin: Client;
let viewer: Client;
let cookie: string;

beforeAll(async () => {
  pg = await startPostgres();
  redis = await startRedis();
  shim = await startUpstashShim({ redisUrl: redis.url });
  app = await startApp(pg.url, { UPSTASH_REDIS_REST_URL: shim.url, UPSTASH_REDIS_REST_TOKEN: shim.token });
  admin = await signIn(app.url, 'admin@acme.test');
  viewer = await signIn(app.url, 'viewer@acme.test');
  cookie = await consoleCookie(app.url, 'qa@acme.test');
});

afterAll(async () => {
  await app?.stop();
  await shim?.close();
  await redis?.stop();
  await pg?.destroy();
});

type Outcome = {
  worker: string;
  started: number;
  ms: number;
  status: number | 'network error' | 'timeout';
  code?: string;
  detail?: string;
  contentType?: string | null;
  retryAfter?: string | null;
  roleName?: string;
  roleId?: string;
};

describe('PostgreSQL stopped under load', () => {
  it('answers 503 quickly while it is gone, recovers without a restart and leaves no partial write', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    let seq = 0;
    // Reads every default role may make (the viewer among the readers).
    const reads = [
      '/api/v1/tenants/acme/batches?limit=5',
      '/api/v1/me',
      '/api/v1/tenants/acme/sites',
      '/api/v1/tenants/acme/batches?status=released',
    ];

    async function record(worker: string, call: () => Promise<Response>, extra: Partial<Outcome> = {}) {
      const started = Date.now();
      const outcome: Outcome = { worker, started, ms: 0, status: 'network error', ...extra };
      try {
        const res = await call();
        outcome.status = res.status;
        outcome.contentType = res.headers.get('content-type');
        outcome.retryAfter = res.headers.get('retry-after');
        const body = (await res.json().catch(() => null)) as { code?: string; id?: string; detail?: string } | null;
        outcome.code = body?.code;
        outcome.detail = body?.detail;
        if (res.status === 201) outcome.roleId = body?.id;
      } catch (error) {
        outcome.status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
      }
      outcome.ms = Date.now() - started;
      outcomes.push(outcome);
    }

    const reader = async (name: string, client: Client) => {
      for (let i = 0; running; i++) await record(name, () => client.get(reads[i % reads.length]));
    };
    const writer = async (name: string) => {
      while (running) {
        const roleName = `fault-${name}-${++seq}`;
        await record(name, () => admin.send('POST', '/api/v1/tenants/acme/roles', { name: roleName, permissions: GRANTED }), {
          roleName,
        });
      }
    };
    const load = Promise.all([
      reader('read-1', admin),
      reader('read-2', viewer),
      reader('read-3', admin),
      writer('write-1'),
      writer('write-2'),
    ]);

    // Steady state first.
    await sleep(3_000);
    const stopAt = Date.now();
    await pg.stop('immediate');
    const stoppedAt = Date.now();

    // While it is down: the readiness check names the database (the kv store, on Redis, is fine).
    await sleep(2_000);
    const readyStarted = Date.now();
    const notReady = await fetch(`${app.url}/api/ready`);
    const readyMs = Date.now() - readyStarted;
    const notReadyBody = await notReady.json();
    // Console pages: a plain 503 page too (the API's 503s have marked the database down), not a failed render.
    const pageStarted = Date.now();
    const page = await fetch(`${app.url}/t/acme/batches`, { headers: { cookie }, redirect: 'manual' });
    const pageMs = Date.now() - pageStarted;
    const pageText = await page.text();
    await sleep(4_000);

    const restartAt = Date.now();
    await pg.start();
    const restartedAt = Date.now();
    // Recovered: two seconds in a row in which everything that was asked succeeded.
    let recoveredAt: number | null = null;
    while (Date.now() - restartedAt < 30_000) {
      await sleep(250);
      const recent = outcomes.filter((o) => o.started >= Date.now() - 2_000);
      const firstOk = outcomes.find((o) => o.started >= restartedAt && typeof o.status === 'number' && o.status < 300);
      if (
        firstOk &&
        recent.length > 0 &&
        recent.every((o) => typeof o.status === 'number' && o.status < 300) &&
        Date.now() - firstOk.started > 2_000
      ) {
        recoveredAt = firstOk.started + firstOk.ms;
        break;
      }
    }
    running = false;
    await load;
    const ready = await fetch(`${app.url}/api/ready`);
    const pageAfter = await fetch(`${app.url}/t/acme/batches`, { headers: { cookie }, redirect: 'manual' });

    const before = outcomes.filter((o) => o.started + o.ms < stopAt);
    const during = outcomes.filter((o) => o.started >= stoppedAt && o.started + o.ms < restartAt);
    const around = outcomes.filter((o) => !before.includes(o) && !during.includes(o));
    const maxMs = Math.max(...[...during, ...around].map((o) => o.ms));
    console.log(
      [
        `database outage: ${outcomes.length} requests from 5 clients (3 readers, 2 writers of a 28-permission role)`,
        `  before the stop:   ${histogram(before.map((o) => o.status))}`,
        `  PostgreSQL down (${restartAt - stoppedAt} ms): ${histogram(during.map((o) => o.status))}; codes ${histogram(during.map((o) => o.code ?? '-'))}`,
        `  in flight at the stop or the restart, and after: ${histogram(around.map((o) => o.status))}`,
        `  max latency from the stop on: ${maxMs} ms (slowest while down: ${Math.max(...during.map((o) => o.ms))} ms)`,
        `  /api/ready while down: ${notReady.status} ${JSON.stringify(notReadyBody)} in ${readyMs} ms; after: ${ready.status}`,
        `  console page while down: ${page.status} ${page.headers.get('content-type')} in ${pageMs} ms; after: ${pageAfter.status}`,
        `  recovery: first success ${recoveredAt === null ? 'never' : `${recoveredAt - restartedAt} ms`} after PostgreSQL accepted connections again (pg_ctl start took ${restartedAt - restartAt} ms)`,
        `  slowest from the stop on: ${[...during, ...around]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((o) => `${o.worker} ${o.status} ${o.ms} ms at +${o.started - stopAt} ms`)
          .join('; ')}`,
      ].join('\n'),
    );

    console.log(
      `  not 2xx before the stop: ${histogram(before.filter((o) => o.status !== 200 && o.status !== 201).map((o) => `${o.worker} ${o.status} ${o.detail}`))}`,
    );
    expect(before.length).toBeGreaterThan(10);
    expect(before.every((o) => o.status === 200 || o.status === 201)).toBe(true);
    // Down: every answer is the 503 problem, quickly; never a 500, a timeout or a dropped connection.
    expect(during.length).toBeGreaterThan(10);
    for (const o of during) {
      expect(o, JSON.stringify(o)).toMatchObject({ status: 503, code: 'service_unavailable', contentType: 'application/problem+json' });
      expect(o.retryAfter).toBeTruthy();
    }
    for (const o of around) expect([200, 201, 503], JSON.stringify(o)).toContain(o.status);
    expect(maxMs).toBeLessThan(10_000);
    expect(notReady.status).toBe(503);
    expect(notReadyBody).toMatchObject({ status: 'unavailable', checks: { database: 'unavailable', kv: 'ok' } });
    expect(Object.keys(notReadyBody.checks).sort()).toEqual(['database', 'kv']);
    expect(readyMs).toBeLessThan(10_000);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('retry-after')).toBeTruthy();
    expect(pageText).toContain('cannot reach its database');
    expect(pageMs).toBeLessThan(10_000);
    expect(pageAfter.status).toBe(200);
    // Back without restarting the server.
    expect(app.process.exitCode).toBeNull();
    expect(recoveredAt).not.toBeNull();
    expect(recoveredAt! - restartedAt).toBeLessThan(10_000);
    expect(ready.status).toBe(200);

    // No partial writes: every role is there with all its 28 permissions and exactly one role.created event, or not at all.
    const rows = await pg.sql<{ id: string; name: string; permissions: number; events: number }[]>`
      select r.id, r.name,
             (select count(*)::int from role_permissions rp where rp.role_id = r.id) as permissions,
             (select count(*)::int from audit_events e where e.action = 'role.created' and e.target_id = r.id::text) as events
      from roles r where r.name like 'fault-%'`;
    const orphanEvents = await pg.sql<{ n: number }[]>`
      select count(*)::int as n from audit_events e
      where e.action = 'role.created' and e.after->>'name' like 'fault-%'
        and not exists (select 1 from roles r where r.id::text = e.target_id)`;
    const orphanPermissions = await pg.sql<{ n: number }[]>`
      select count(*)::int as n from role_permissions rp where not exists (select 1 from roles r where r.id = rp.role_id)`;
    const writes = outcomes.filter((o) => o.roleName);
    const created = writes.filter((o) => o.status === 201);
    const names = new Set(rows.map((r) => r.name));
    console.log(
      `  writes: ${writes.length} sent (${histogram(writes.map((o) => o.status))}); ${rows.length} roles stored, ` +
        `${rows.filter((r) => r.permissions === GRANTED.length && r.events === 1).length} of them whole; ` +
        `${writes.filter((o) => o.status !== 201 && names.has(o.roleName!)).length} committed though the answer was not 201; ` +
        `${orphanEvents[0].n} events and ${orphanPermissions[0].n} permission rows without their role`,
    );
    for (const r of rows) expect(r, r.name).toMatchObject({ permissions: GRANTED.length, events: 1 });
    for (const o of created) expect(names.has(o.roleName!), o.roleName).toBe(true);
    expect(orphanEvents[0].n).toBe(0);
    expect(orphanPermissions[0].n).toBe(0);
    // The audit chain is unbroken across the crash.
    const verify = await admin.get('/api/v1/tenants/acme/audit-events/verify');
    expect(verify.status).toBe(200);
    expect((await verify.json()).valid).toBe(true);
  });

  it('answers 503 to a console page that is the first request of an outage, and the page again once it is back', async () => {
    expect((await fetch(`${app.url}/t/acme/batches`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    await pg.stop('immediate');
    await sleep(1_200); // past the proxy's one-second memory of the last answer
    const t0 = Date.now();
    const page = await fetch(`${app.url}/t/acme/batches`, { headers: { cookie }, redirect: 'manual' });
    const ms = Date.now() - t0;
    const text = await page.text();
    await pg.start();
    let backAfter: number | null = null;
    const restarted = Date.now();
    while (Date.now() - restarted < 15_000) {
      const again = await fetch(`${app.url}/t/acme/batches`, { headers: { cookie }, redirect: 'manual' });
      if (again.status === 200) {
        backAfter = Date.now() - restarted;
        break;
      }
      // Anything but 503 here is a page that failed to render: show what the server said about it.
      if (again.status !== 503) console.log(`page ${again.status} after the restart; server log:\n${app.logs.slice(-40).join('')}`);
      expect(again.status).toBe(503);
      await sleep(250);
    }
    console.log(`first request of an outage, a console page: ${page.status} in ${ms} ms; 200 again ${backAfter} ms after the restart`);
    expect(page.status).toBe(503);
    expect(text).toContain('cannot reach its database');
    expect(ms).toBeLessThan(10_000);
    expect(backAfter).not.toBeNull();
  });
});
