import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { type KvStore, PostgresKv, UpstashKv } from '@/lib/platform/kv';
import { unique } from '../support/fixtures';
import { startUpstashShim, type UpstashShim } from '../support/upstash-shim';

// One contract for every KvStore: rate limits, caches and idempotency records must behave the same
// whether they live in Postgres (PGlite or PostgreSQL) or in Upstash Redis.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Past a 1-second TTL, with margin for clock granularity, yet short enough to keep the suite fast. */
const PAST_ONE_SECOND = 1_300;

function kvContract(name: string, makeStore: () => KvStore | Promise<KvStore>) {
  describe(`KvStore contract: ${name}`, () => {
    let kv: KvStore;
    const used: string[] = [];
    const key = (label: string) => {
      const k = `kv-test:${label}:${unique()}`;
      used.push(k);
      return k;
    };

    beforeAll(async () => {
      kv = await makeStore();
    });

    // Leave nothing behind in a shared PostgreSQL database or Redis.
    afterAll(async () => {
      await Promise.all(used.map((k) => kv.delete(k)));
    });

    it('answers null for a missing key', async () => {
      expect(await kv.get(key('missing'))).toBeNull();
    });

    it('round-trips JSON values', async () => {
      const values: [string, unknown][] = [
        ['object', { a: 1, nested: { list: [1, 'two', null], ok: true }, text: 'héllo ✓' }],
        ['number', 42],
        ['zero', 0],
        ['string', 'plain text'],
        ['true', true],
        ['false', false],
        ['array', [3, 2, 1]],
      ];
      for (const [label, value] of values) {
        const k = key(`json-${label}`);
        expect(await kv.set(k, value)).toBe(true);
        expect(await kv.get(k)).toEqual(value);
      }
    });

    it('overwrites an existing value with a plain set', async () => {
      const k = key('overwrite');
      await kv.set(k, { v: 1 });
      expect(await kv.set(k, { v: 2 })).toBe(true);
      expect(await kv.get(k)).toEqual({ v: 2 });
    });

    it('deletes a key', async () => {
      const k = key('delete');
      await kv.set(k, 'here');
      await kv.delete(k);
      expect(await kv.get(k)).toBeNull();
      await expect(kv.delete(k)).resolves.toBeUndefined(); // deleting a missing key is fine
    });

    it('pings', async () => {
      await expect(kv.ping()).resolves.toBeUndefined();
    });

    it('with onlyIfAbsent, writes only while the key is absent', async () => {
      const k = key('nx');
      expect(await kv.set(k, 'first', { onlyIfAbsent: true })).toBe(true);
      expect(await kv.set(k, 'second', { onlyIfAbsent: true })).toBe(false);
      expect(await kv.get(k)).toBe('first');
    });

    it('with onlyIfAbsent, lets exactly one of 10 concurrent writers win', async () => {
      const k = key('nx-race');
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => kv.set(k, i, { ttlSeconds: 60, onlyIfAbsent: true })));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await kv.get(k)).toBe(wins.indexOf(true));
    });

    it('counts 1, 2, 3 with a TTL within (0, ttl]', async () => {
      const k = key('count');
      for (const expected of [1, 2, 3]) {
        const { value, ttlSeconds } = await kv.increment(k, 60);
        expect(value).toBe(expected);
        expect(ttlSeconds).toBeGreaterThan(0);
        expect(ttlSeconds).toBeLessThanOrEqual(60);
      }
      expect(Number(await kv.get(k))).toBe(3);
    });

    it('loses no update under 20 concurrent increments of one key', async () => {
      const k = key('race');
      const results = await Promise.all(Array.from({ length: 20 }, () => kv.increment(k, 60)));
      expect(results.map((r) => r.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (const { ttlSeconds } of results) {
        expect(ttlSeconds).toBeGreaterThan(0);
        expect(ttlSeconds).toBeLessThanOrEqual(60);
      }
    });

    it('increments unless one of the lock keys is set, and then writes nothing', async () => {
      const counter = key('unless');
      const lockA = key('unless-lock-a');
      const lockB = key('unless-lock-b');
      expect(await kv.incrementUnlessAnySet(counter, 60, [lockA, lockB])).toMatchObject({ value: 1 });
      await kv.set(lockB, { until: 1 }, { ttlSeconds: 60 });
      expect(await kv.incrementUnlessAnySet(counter, 60, [lockA, lockB])).toBeNull();
      expect(Number(await kv.get(counter))).toBe(1);
      await kv.delete(lockB);
      const again = await kv.incrementUnlessAnySet(counter, 60, [lockA, lockB]);
      expect(again?.value).toBe(2);
      expect(again?.ttlSeconds).toBeGreaterThan(0);
      expect(again?.ttlSeconds).toBeLessThanOrEqual(60);
      expect((await kv.incrementUnlessAnySet(counter, 60, []))?.value).toBe(3);
    });

    // The expiry cases each wait out a 1-second TTL; they run concurrently so the wait is paid once.
    describe('expiry', () => {
      it.concurrent('an expired lock key does not hold an incrementUnlessAnySet back', async ({ expect }) => {
        const counter = key('unless-expired');
        const lock = key('unless-expired-lock');
        await kv.set(lock, { until: 1 }, { ttlSeconds: 1 });
        expect(await kv.incrementUnlessAnySet(counter, 60, [lock])).toBeNull();
        await sleep(PAST_ONE_SECOND);
        expect(await kv.incrementUnlessAnySet(counter, 60, [lock])).toMatchObject({ value: 1 });
      });

      it.concurrent('expires a value set with ttlSeconds', async ({ expect }) => {
        const k = key('ttl');
        const keep = key('no-ttl');
        expect(await kv.set(k, { short: true }, { ttlSeconds: 1 })).toBe(true);
        await kv.set(keep, 'stays');
        expect(await kv.get(k)).toEqual({ short: true });
        await sleep(PAST_ONE_SECOND);
        expect(await kv.get(k)).toBeNull();
        expect(await kv.get(keep)).toBe('stays');
      });

      it.concurrent('with onlyIfAbsent, writes again once the key has expired', async ({ expect }) => {
        const k = key('nx-ttl');
        expect(await kv.set(k, 'first', { ttlSeconds: 1, onlyIfAbsent: true })).toBe(true);
        expect(await kv.set(k, 'second', { ttlSeconds: 1, onlyIfAbsent: true })).toBe(false);
        await sleep(PAST_ONE_SECOND);
        expect(await kv.set(k, 'third', { ttlSeconds: 60, onlyIfAbsent: true })).toBe(true);
        expect(await kv.get(k)).toBe('third');
        expect(await kv.set(k, 'fourth', { onlyIfAbsent: true })).toBe(false);
      });

      it.concurrent('gives a counter set without a TTL the window at its first increment, which then expires', async ({ expect }) => {
        const k = key('set-then-count');
        await kv.set(k, 5);
        const first = await kv.increment(k, 1);
        expect(first.value).toBe(6);
        expect(first.ttlSeconds).toBe(1);
        await sleep(PAST_ONE_SECOND);
        expect(await kv.get(k)).toBeNull();
        expect(await kv.increment(k, 60)).toMatchObject({ value: 1 });
      });

      it.concurrent('restarts a counter at 1 after its window expires', async ({ expect }) => {
        const k = key('window');
        expect(await kv.increment(k, 1)).toEqual({ value: 1, ttlSeconds: 1 });
        expect((await kv.increment(k, 1)).value).toBe(2);
        await sleep(PAST_ONE_SECOND);
        const restarted = await kv.increment(k, 60);
        expect(restarted.value).toBe(1);
        expect(restarted.ttlSeconds).toBeGreaterThan(1); // a new window with the new TTL
        expect(restarted.ttlSeconds).toBeLessThanOrEqual(60);
      });
    });
  });
}

kvContract('PostgresKv', () => new PostgresKv());

describe('PostgresKv counters', () => {
  // A counter commits without waiting for its WAL flush (lib/platform/kv.ts incrementSql): set in its own statement's
  // transaction only, never on the pooled connection the next statement gets.
  it("keep their asynchronous commit to their own statement: the connection's synchronous_commit stays on", async () => {
    const kv = new PostgresKv();
    const db = await getDb();
    const setting = async () =>
      rowsOf<{ value: string }>(await db.execute(sql`select current_setting('synchronous_commit') as value`))[0].value;
    expect(await setting()).toBe('on');
    const counter = `kv-test:async:${unique()}`;
    try {
      // Several, in parallel and in turn, so every pooled connection has run one before the setting is read again.
      await Promise.all(Array.from({ length: 12 }, () => kv.increment(counter, 60)));
      for (let i = 0; i < 3; i++) await kv.increment(counter, 60);
      expect((await kv.increment(counter, 60)).value).toBe(16);
      const readings = await Promise.all(Array.from({ length: 12 }, () => setting()));
      expect(new Set(readings)).toEqual(new Set(['on']));
    } finally {
      await kv.delete(counter);
    }
  });
});

// Upstash through a local REST shim in front of a real Redis; CI sets REDIS_URL.
describe.runIf(Boolean(process.env.REDIS_URL))('UpstashKv against Redis (REST shim)', () => {
  let shim: UpstashShim;

  beforeAll(async () => {
    shim = await startUpstashShim({ redisUrl: process.env.REDIS_URL });
  });

  afterAll(async () => {
    await shim?.close();
  });

  kvContract('UpstashKv', () => UpstashKv.connect(shim.url, shim.token));

  it('rejects a wrong token', async () => {
    const kv = await UpstashKv.connect(shim.url, 'wrong-token');
    await expect(kv.get(`kv-test:auth:${unique()}`)).rejects.toThrow(/Unauthorized/);
    await expect(kv.increment(`kv-test:auth:${unique()}`, 60)).rejects.toThrow(/Unauthorized/);
  });

  describe('the shim speaks the Upstash REST protocol', () => {
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${shim.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shim.token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    };

    it('base64-encodes strings in results under Upstash-Encoding: base64, and only then', async () => {
      const k = `kv-test:shim:${unique()}`;
      const b64 = { 'Upstash-Encoding': 'base64' };
      expect(await post('', ['set', k, 'héllo', 'ex', 60, 'nx'])).toEqual({ status: 200, json: { result: 'OK' } });
      expect((await post('', ['get', k])).json).toEqual({ result: 'héllo' });
      expect((await post('', ['get', k], b64)).json).toEqual({ result: Buffer.from('héllo').toString('base64') });
      expect((await post('', ['mget', k, `${k}:none`], b64)).json).toEqual({
        result: [Buffer.from('héllo').toString('base64'), null],
      });
      expect((await post('', ['ttl', k], b64)).json.result).toBeGreaterThan(0);
      await post('', ['del', k]);
    });

    it('answers a pipeline and a multi-exec with one result or error per command', async () => {
      const k = `kv-test:shim:${unique()}`;
      const pipeline = await post('/pipeline', [
        ['set', k, 'text'],
        ['incr', k],
        ['get', k],
      ]);
      expect(pipeline.status).toBe(200);
      expect(pipeline.json).toEqual([{ result: 'OK' }, { error: expect.stringMatching(/^ERR /) }, { result: 'text' }]);
      const multi = await post('/multi-exec', [
        ['del', k],
        ['incr', k],
        ['incr', k],
      ]);
      expect(multi.json).toEqual([{ result: 1 }, { result: 1 }, { result: 2 }]);
      await post('', ['del', k]);
    });

    it('answers a failing command with status 400 and an ERR message', async () => {
      const res = await post('', ['get']);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/^ERR /);
    });
  });
});
