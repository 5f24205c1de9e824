import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FallbackKv, PostgresKv, UpstashKv } from '@/lib/platform/kv';
import { logger } from '@/lib/platform/logger';
import { unique } from '../support/fixtures';
import { startUpstashShim } from '../support/upstash-shim';

// Upstash unreachable: the kv store answers from the PostgreSQL table instead, warns once per outage, and goes
// back to Upstash once it answers again (after the retry interval).

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FallbackKv', () => {
  it('counts in PostgreSQL while Upstash is unreachable, with one warning', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const port = await closedPort();
    const kv = new FallbackKv(await UpstashKv.connect(`http://127.0.0.1:${port}`, 'token'), new PostgresKv(), 60_000);
    const key = `kv-fallback:${unique()}`;
    expect(kv.kind).toBe('upstash');
    expect(await kv.increment(key, 60)).toMatchObject({ value: 1 });
    expect(kv.kind).toBe('postgres');
    expect(kv.degraded).toBe(true);
    expect(await kv.increment(key, 60)).toMatchObject({ value: 2 });
    expect(await kv.set(`${key}:lock`, { until: 1 }, { ttlSeconds: 60, onlyIfAbsent: true })).toBe(true);
    expect(await kv.set(`${key}:lock`, { until: 2 }, { ttlSeconds: 60, onlyIfAbsent: true })).toBe(false);
    expect(await kv.get(`${key}:lock`)).toEqual({ until: 1 });
    await kv.ping();
    // It lives in the PostgreSQL store.
    expect(await new PostgresKv().get(key)).toBe(2);
    const warnings = warn.mock.calls.filter((call) => String(call[1]).includes('Upstash Redis unreachable'));
    expect(warnings).toHaveLength(1);
    await kv.delete(key);
    await kv.delete(`${key}:lock`);
    expect(await new PostgresKv().get(key)).toBeNull();
  });

  it.skipIf(!process.env.REDIS_URL)('goes back to Upstash once it answers again', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const port = await closedPort();
    const kv = new FallbackKv(await UpstashKv.connect(`http://127.0.0.1:${port}`, 'test-token'), new PostgresKv(), 200);
    const key = `kv-fallback:${unique()}`;
    await kv.set(key, 'from postgres', { ttlSeconds: 60 });
    expect(kv.degraded).toBe(true);
    const shim = await startUpstashShim({ port });
    try {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await kv.set(key, 'from redis', { ttlSeconds: 60 });
      expect(kv.degraded).toBe(false);
      expect(kv.kind).toBe('upstash');
      expect(await kv.get(key)).toBe('from redis');
      expect(await new PostgresKv().get(key)).toBe('from postgres');
      expect(warn.mock.calls.filter((call) => String(call[1]).includes('Upstash Redis unreachable'))).toHaveLength(1);
      await kv.delete(key);
      await new PostgresKv().delete(key);
    } finally {
      await shim.close();
    }
  });
});
