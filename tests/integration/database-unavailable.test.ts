import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as tenantGet } from '@/app/api/v1/tenants/[tenant]/route';
import { GET as ready } from '@/app/api/ready/route';
import { closeDb } from '@/db/client';
import { resetKv } from '@/lib/platform/kv';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';

// With the database gone, API calls answer 503 service_unavailable quickly and /api/ready names the check;
// when it is back, the same process recovers without a restart.
let t: TestTenant;
const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };

beforeAll(async () => {
  t = await createTenantWithMembers();
});

afterAll(async () => {
  await closeDb();
  Object.assign(process.env, saved);
  if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
});

describe('database unavailable', () => {
  it('answers 503 and recovers', async () => {
    const live = await call(ready);
    expect(live.status).toBe(200);
    // The job engine is reported beside the checks (its state, and its queues when readable); it never decides readiness.
    expect(live.json).toEqual({
      status: 'ready',
      checks: { database: 'ok', kv: 'ok' },
      jobs: expect.objectContaining({ state: expect.any(String) }),
    });

    // Point the process at a port where nothing listens (PGlite's snapshot state is kept to restore below).
    const snapshotDb = (globalThis as { __custosDb?: unknown }).__custosDb;
    (globalThis as { __custosDb?: unknown }).__custosDb = undefined;
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:9/unreachable';
    resetKv();

    const started = Date.now();
    const down = await call(tenantGet, {
      url: `http://localhost/api/v1/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
    });
    expect(down.status).toBe(503);
    expect(down.json.code).toBe('service_unavailable');
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect(Date.now() - started).toBeLessThan(10_000);

    const notReady = await call(ready);
    expect(notReady.status).toBe(503);
    // Queues are not read while the database is away.
    expect(notReady.json).toEqual({
      status: 'unavailable',
      checks: { database: 'unavailable', kv: 'unavailable' },
      jobs: expect.objectContaining({ queues: null }),
    });

    // The database is back: the next requests succeed.
    await closeDb();
    if (saved.DATABASE_URL) process.env.DATABASE_URL = saved.DATABASE_URL;
    else delete process.env.DATABASE_URL;
    (globalThis as { __custosDb?: unknown }).__custosDb = snapshotDb;
    resetKv();
    const back = await call(tenantGet, {
      url: `http://localhost/api/v1/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
    });
    expect(back.status).toBe(200);
    expect((await call(ready)).status).toBe(200);
  });
});
