import type { Tx } from '@/db/client';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { errorResponse } from '@/lib/http/route';
import { requestMeta } from '@/lib/http/request-meta';
import { listBatches } from '@/lib/quality/list-batches';
import { tenantIdForSlug } from '@/lib/tenancy/find-tenant';
import { withTenantPipelined } from '@/lib/tenancy/with-tenant';

/**
 * BENCH ONLY: the floor of `npm run bench:http` (tests/bench/http.bench.ts). GET /api/bench/floor?tenant=<slug> runs
 * the batches list of GET /api/v1/tenants/{tenant}/batches — the same listBatches query inside the same RLS
 * transaction (withTenantPipelined: setup and the query in one round trip) — with NO authentication: no cookie, no API key, no session lookup, no permission load.
 * The bench's server sets BENCH_FLOOR_ROUTE=1; production never sets it, and without it this route answers 404 to
 * everyone. It is outside /api/v1, so it is in neither the OpenAPI document nor the route sweeps.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const meta = requestMeta(request);
  try {
    if (process.env.BENCH_FLOOR_ROUTE !== '1') throw notFound('endpoint');
    const slug = new URL(request.url).searchParams.get('tenant') ?? '';
    const tenantId = await tenantIdForSlug(slug);
    if (!tenantId) throw notFound('tenant');
    const ctx = (db: Tx): TenantContext => ({
      actor: { type: 'system', id: 'bench-floor', name: 'bench floor' },
      tenant: { id: tenantId, slug, name: slug, status: 'active', planId: '' },
      membershipId: null,
      permissions: new Set(['batches.read']),
      meta,
      db,
      system: null,
    });
    // The batches query is sent with the tenant setup, in one round trip, as a route's first query can be.
    const page = await withTenantPipelined(
      tenantId,
      null,
      (db) => listBatches(ctx(db), {}),
      (_db, listed) => Promise.resolve(listed),
    );
    return Response.json(page);
  } catch (error) {
    return errorResponse(error, meta.requestId);
  }
}
