import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/bench/floor/route';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

// GET /api/bench/floor is bench:http's floor (no authentication): it must answer nobody unless the bench's own
// server switched it on with BENCH_FLOOR_ROUTE=1, which production never sets.
let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
});

afterEach(() => {
  delete process.env.BENCH_FLOOR_ROUTE;
});

const floor = (slug: string) => GET(new Request(`http://localhost/api/bench/floor?tenant=${encodeURIComponent(slug)}`));

describe('the bench-only floor route', () => {
  it('is 404 with no tenant data when BENCH_FLOOR_ROUTE is not set (as in production), or set to anything but 1', async () => {
    for (const value of [undefined, '0', 'true']) {
      if (value === undefined) delete process.env.BENCH_FLOOR_ROUTE;
      else process.env.BENCH_FLOOR_ROUTE = value;
      const response = await floor(acme.slug);
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).not.toContain('"data"');
    }
  });

  it('lists the tenant’s batches with the switch on (the bench’s server), and 404 for an unknown slug', async () => {
    process.env.BENCH_FLOOR_ROUTE = '1';
    const response = await floor(acme.slug);
    expect(response.status).toBe(200);
    expect(Array.isArray(((await response.json()) as { data: unknown[] }).data)).toBe(true);
    expect((await floor('no-such-tenant-anywhere')).status).toBe(404);
  });
});
