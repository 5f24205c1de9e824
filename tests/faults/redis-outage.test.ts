import net from 'node:net';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearerClient,
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

// Upstash (the REST stand-in over a private redis-server) becomes unreachable: sign-in and API requests keep
// working, rate limits keep counting (in the PostgreSQL kv table, lib/platform/kv.ts FallbackKv), idempotent
// replays still replay, /api/ready stays 200 with kv "degraded", one warning is logged; once Upstash answers
// again the kv store goes back to it. Then Upstash hangs (accepts connections, never answers): requests still
// finish, each Upstash call giving up after 2 s.

const WARNING = 'kv: Upstash Redis unreachable';

let pg: PrivatePostgres;
let redis: PrivateRedis;
let shim: UpstashShim;
let shimPort: number;
let app: RunningServer;
let admin: Client;
let apiKey: Client;
let prefix: string;

beforeAll(async () => {
  pg = await startPostgres();
  redis = await startRedis();
  shim = await startUpstashShim({ redisUrl: redis.url });
  shimPort = Number(new URL(shim.url).port);
  app = await startApp(pg.url, { UPSTASH_REDIS_REST_URL: shim.url, UPSTASH_REDIS_REST_TOKEN: shim.token });
  admin = await signIn(app.url, 'admin@acme.test');
  const created = await admin.send('POST', '/api/v1/tenants/acme/api-keys', { name: 'faults', permissions: ['batches.read'] });
  expect(created.status).toBe(201);
  const { key } = (await created.json()) as { key: string };
  prefix = key.split('_')[1];
  apiKey = bearerClient(app.url, key);
});

afterAll(async () => {
  await app?.stop();
  await shim?.close().catch(() => {});
  await redis?.stop();
  await pg?.destroy();
});

const timed = async (call: () => Promise<Response>) => {
  const started = Date.now();
  const res = await call();
  return { res, ms: Date.now() - started };
};

const warnings = () =>
  app.logs
    .join('')
    .split('\n')
    .filter((line) => line.includes(WARNING));

async function kvRow(key: string) {
  const rows = await pg.sql<{ value: unknown }[]>`select value from kv_entries where key = ${key}`;
  return rows[0]?.value ?? null;
}

describe('Upstash Redis unreachable', () => {
  it('keeps sign-in, rate limits and API requests working on the PostgreSQL kv store, with one warning', async () => {
    const direct = new Redis(redis.url);
    try {
      // On Upstash: the API key's counter lives in Redis.
      const first = await apiKey.get('/api/v1/tenants/acme/batches?limit=1');
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-remaining')).toBe('599');
      expect(await direct.get(`ratelimit:api_key:${prefix}`)).toBe('1');
      expect(await kvRow(`ratelimit:api_key:${prefix}`)).toBeNull();
      expect(warnings()).toHaveLength(0);

      await shim.close();
      const brokeAt = Date.now();
      const log: string[] = [];

      // Sign-in (its attempt counter is in the kv store) and a bearer request.
      const token = await timed(() =>
        fetch(`${app.url}/api/v1/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'operator@acme.test', password: 'custos-demo-pass' }),
        }),
      );
      expect(token.res.status).toBe(200);
      const operator = bearerClient(app.url, ((await token.res.json()) as { accessToken: string }).accessToken);
      const me = await timed(() => operator.get('/api/v1/me'));
      expect(me.res.status).toBe(200);
      log.push(`sign-in ${token.res.status} in ${token.ms} ms, GET /me ${me.res.status} in ${me.ms} ms`);

      // The API key's limit keeps counting, now in PostgreSQL (a new window there).
      const remaining: string[] = [];
      let slowest = 0;
      for (let i = 0; i < 5; i++) {
        const { res, ms } = await timed(() => apiKey.get('/api/v1/tenants/acme/batches?limit=1'));
        expect(res.status).toBe(200);
        remaining.push(res.headers.get('ratelimit-remaining') ?? 'none');
        slowest = Math.max(slowest, ms);
      }
      expect(remaining).toEqual(['599', '598', '597', '596', '595']);
      expect(await kvRow(`ratelimit:api_key:${prefix}`)).toBe(5);
      log.push(`API key: 5 requests 200, RateLimit-Remaining ${remaining.join(' ')} (counted in kv_entries), slowest ${slowest} ms`);

      // Sign-in lockout still holds: five wrong passwords, then 429 even for the right one.
      const attempts: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${app.url}/api/v1/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'viewer@acme.test', password: `wrong-password-${i}` }),
        });
        attempts.push(res.status);
      }
      const locked = await fetch(`${app.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'viewer@acme.test', password: 'custos-demo-pass' }),
      });
      expect(attempts).toEqual([401, 401, 401, 401, 401]);
      expect(locked.status).toBe(429);
      expect((await locked.json()).code).toBe('rate_limited');
      expect(locked.headers.get('retry-after')).toBeTruthy();
      log.push(`lockout: wrong passwords ${attempts.join(' ')}, then the right one ${locked.status}`);

      // Idempotency records: a repeated POST replays the first answer.
      const idem = {
        'content-type': 'application/json',
        authorization: `Bearer ${admin.token}`,
        'idempotency-key': `faults-${Date.now()}`,
      };
      const site = { code: `F${Date.now() % 100000}`, name: 'Fault site' };
      const created = await fetch(`${app.url}/api/v1/tenants/acme/sites`, { method: 'POST', headers: idem, body: JSON.stringify(site) });
      const replayed = await fetch(`${app.url}/api/v1/tenants/acme/sites`, { method: 'POST', headers: idem, body: JSON.stringify(site) });
      expect(created.status).toBe(201);
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect((await replayed.json()).id).toBe((await created.json()).id);
      log.push(`idempotent POST: ${created.status}, repeat ${replayed.status} replayed`);

      const ready = await fetch(`${app.url}/api/ready`);
      const readyBody = await ready.json();
      expect(ready.status).toBe(200);
      expect(readyBody).toMatchObject({ status: 'ready', checks: { database: 'ok', kv: 'degraded' } });
      expect(Object.keys(readyBody.checks).sort()).toEqual(['database', 'kv']);
      log.push(`/api/ready ${ready.status} ${JSON.stringify(readyBody.checks)}`);

      // One warning for the whole outage, however many requests met it.
      expect(warnings()).toHaveLength(1);
      log.push(`warnings logged: ${warnings().length} (${WARNING} …)`);

      // Upstash is back (same address): after the retry interval the store returns to it.
      shim = await startUpstashShim({ redisUrl: redis.url, port: shimPort });
      const backAt = Date.now();
      let kv = 'degraded';
      while (kv !== 'ok' && Date.now() - backAt < 30_000) {
        await sleep(1_000);
        await apiKey.get('/api/v1/tenants/acme/batches?limit=1');
        kv = ((await (await fetch(`${app.url}/api/ready`)).json()) as { checks: { kv: string } }).checks.kv;
      }
      expect(kv).toBe('ok');
      const again = await apiKey.get('/api/v1/tenants/acme/batches?limit=1');
      expect(again.status).toBe(200);
      expect(Number(await direct.get(`ratelimit:api_key:${prefix}`))).toBeGreaterThan(1);
      log.push(`Upstash back: kv check ok again after ${Date.now() - backAt} ms; the counter is in Redis again`);
      expect(warnings()).toHaveLength(1);

      // Worse than refused: Upstash accepts connections and never answers. Each call gives up after 2 s.
      await shim.close();
      const silent = net.createServer(() => {}).listen(shimPort, '127.0.0.1');
      await new Promise((resolve) => silent.once('listening', resolve));
      try {
        const hung = await timed(() =>
          fetch(`${app.url}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'qa@acme.test', password: 'custos-demo-pass' }),
          }),
        );
        const next = await timed(() => apiKey.get('/api/v1/tenants/acme/batches?limit=1'));
        expect(hung.res.status).toBe(200);
        expect(hung.ms).toBeLessThan(6_000);
        expect(next.res.status).toBe(200);
        expect(next.ms).toBeLessThan(1_000);
        expect(warnings()).toHaveLength(2);
        log.push(
          `Upstash silent (accepts, never answers): sign-in ${hung.res.status} in ${hung.ms} ms, the next request ${next.ms} ms; a second warning for this second outage`,
        );
      } finally {
        silent.close();
        silent.unref();
      }

      console.log([`Redis (Upstash) refused connections for ${backAt - brokeAt} ms:`, ...log.map((l) => `  ${l}`)].join('\n'));
    } finally {
      direct.disconnect();
    }
  });
});
