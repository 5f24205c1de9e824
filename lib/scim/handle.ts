import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { scimTokens, tenants } from '@/db/schema';
import type { Actor, TenantRef } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { readJsonBody } from '@/lib/http/read-body';
import { requestMeta } from '@/lib/http/request-meta';
import { hashToken } from '@/lib/auth/one-time-token';
import { now } from '@/lib/platform/clock';
import { getKv } from '@/lib/platform/kv';
import { logger } from '@/lib/platform/logger';
import { TENANT_ID_LED_NOWHERE, withTenantOfSlug } from '@/lib/tenancy/find-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { listOf, resourceTypes, schemaResources, serviceProviderConfig } from './discovery';
import { SCIM_MEDIA_TYPE, ScimError, scimErrorBody, scimErrorFromDomain, scimNotFound } from './errors';
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from './groups';
import { SCIM_PERMISSIONS, SCIM_RATE_LIMIT_PER_MINUTE, scimActorName } from './policy';
import type { ScimContext } from './scim-context';
import { parseScimToken } from './token-format';
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from './users';

/** lastUsedAt of a token is written at most this often. */
const LAST_USED_GRANULARITY_MS = 60_000;
const RATE_WINDOW_SECONDS = 60;

/** What an operation answers: a status, a SCIM body (none for 204) and, for a created resource, its location. */
export type ScimResult = { status: number; body?: unknown; location?: string };

export type ScimRequest = {
  method: string;
  /** Path segments after /scim/v2/{tenant}: `['Users', '<id>']`. */
  path: string[];
  query: URLSearchParams;
  body: unknown;
};

/**
 * One request to `/scim/v2/{tenant}/…` (RFC 7644), from the route handler: the bearer token is counted against its
 * rate limit by its public prefix (before anything else is looked at), then found by its hash inside the tenant's own
 * transaction, where row-level security shows only that tenant's tokens — so a token of another tenant, a revoked or
 * unknown token and an unknown tenant are all the same 401. The operation runs in that transaction as the actor
 * `SCIM (<token name>)`, and every answer, errors included, is `application/scim+json`.
 */
export async function handleScim(request: Request, params: { tenant?: string; path?: string[] }): Promise<Response> {
  const started = performance.now();
  const meta = requestMeta(request);
  const url = new URL(request.url);
  let rateHeaders: Record<string, string> = {};
  let result: ScimResult;
  try {
    const token = bearerToken(request);
    const parsed = token ? parseScimToken(token) : null;
    if (!token || !parsed) throw unauthenticated();
    rateHeaders = await countRequest(parsed.prefix);
    const body = request.method === 'GET' || request.method === 'DELETE' ? undefined : await readBody(request);
    const slug = params.tenant ?? '';
    const base = `${url.origin}/scim/v2/${encodeURIComponent(slug)}`;
    // A token the tenant does not have may also mean a remembered slug of a wiped-out tenant: withTenantOfSlug then
    // tries the slug's current tenant.
    const answered = await withTenantOfSlug(slug, (tenantId) =>
      withTenant(tenantId, async (tx): Promise<ScimResult | typeof TENANT_ID_LED_NOWHERE> => {
        const [row] = await tx
          .select({ id: scimTokens.id, name: scimTokens.name, revokedAt: scimTokens.revokedAt, lastUsedAt: scimTokens.lastUsedAt })
          .from(scimTokens)
          .where(and(eq(scimTokens.tenantId, tenantId), eq(scimTokens.tokenHash, hashToken(token))))
          .limit(1);
        if (!row) return TENANT_ID_LED_NOWHERE;
        if (row.revokedAt) throw unauthenticated();
        const [tenant] = await tx
          .select({ name: tenants.name, status: tenants.status, planId: tenants.planId })
          .from(tenants)
          .where(eq(tenants.id, tenantId));
        if (!tenant) throw unauthenticated();
        if (tenant.status === 'suspended') throw new ScimError(403, 'This tenant is suspended. Contact your platform administrator.');
        await touchToken(tx, row);
        const actor: Actor = { type: 'system', id: row.id, name: scimActorName(row.name) };
        const ref: TenantRef = { id: tenantId, slug, ...tenant };
        const ctx: ScimContext = {
          actor,
          tenant: ref,
          membershipId: null,
          permissions: SCIM_PERMISSIONS,
          meta,
          db: tx,
          system: null,
          base,
        };
        return route(ctx, { method: request.method, path: params.path ?? [], query: url.searchParams, body });
      }),
    );
    if (!answered) throw unauthenticated();
    result = answered;
  } catch (error) {
    result = errorResult(error, meta.requestId);
  }
  const headers: Record<string, string> = { ...rateHeaders, 'x-request-id': meta.requestId };
  if (result.status === 401) headers['www-authenticate'] = 'Bearer realm="SCIM"';
  if (error429(result)) Object.assign(headers, result.headers);
  if (result.location) headers.location = result.location;
  logger.info(
    {
      requestId: meta.requestId,
      method: request.method,
      path: url.pathname,
      status: result.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      tenant: params.tenant,
    },
    'scim request',
  );
  if (result.status === 204 || result.body === undefined) return new Response(null, { status: result.status, headers });
  return new Response(JSON.stringify(result.body), { status: result.status, headers: { ...headers, 'content-type': SCIM_MEDIA_TYPE } });
}

const error429 = (result: ScimResult): result is ScimResult & { headers: Record<string, string> } => 'headers' in result;

const unauthenticated = () => new ScimError(401, 'Send a valid SCIM token of this tenant as Authorization: Bearer <token>.');

function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** Count the request against the token's budget (by its public prefix), outside any transaction; past it, 429. */
async function countRequest(prefix: string): Promise<Record<string, string>> {
  const kv = await getKv();
  const { value, ttlSeconds } = await kv.increment(`ratelimit:scim_token:${prefix}`, RATE_WINDOW_SECONDS);
  const reset = String(Math.max(1, ttlSeconds));
  const headers = {
    'RateLimit-Limit': String(SCIM_RATE_LIMIT_PER_MINUTE),
    'RateLimit-Remaining': String(Math.max(0, SCIM_RATE_LIMIT_PER_MINUTE - value)),
    'RateLimit-Reset': reset,
  };
  if (value > SCIM_RATE_LIMIT_PER_MINUTE) {
    throw new ScimError(
      429,
      `This SCIM token made more than ${SCIM_RATE_LIMIT_PER_MINUTE} requests in a minute. Retry after ${reset} s.`,
      'tooMany',
      {
        ...headers,
        'Retry-After': reset,
      },
    );
  }
  return headers;
}

async function readBody(request: Request): Promise<unknown> {
  try {
    return await readJsonBody(request);
  } catch (error) {
    if (error instanceof DomainError && error.status === 415) {
      throw new ScimError(415, 'Send the body as application/scim+json (application/json is accepted too).');
    }
    if (error instanceof DomainError && error.status === 400) throw new ScimError(400, error.message, 'invalidSyntax');
    throw error;
  }
}

async function touchToken(tx: ScimContext['db'], row: { id: string; lastUsedAt: Date | null }): Promise<void> {
  const at = now();
  const stale = new Date(at.getTime() - LAST_USED_GRANULARITY_MS);
  if (row.lastUsedAt && row.lastUsedAt >= stale) return;
  await tx
    .update(scimTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(scimTokens.id, row.id), or(isNull(scimTokens.lastUsedAt), lt(scimTokens.lastUsedAt, stale))));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resource id of a path, or 404 (an id that is no UUID names nothing here). */
function resourceId(segment: string, what: string): string {
  if (!UUID.test(segment)) throw scimNotFound(what);
  return segment.toLowerCase();
}

function methodNotAllowed(allowed: string[]): ScimError {
  return new ScimError(405, `This endpoint answers ${allowed.join(', ')}.`);
}

async function route(ctx: ScimContext, req: ScimRequest): Promise<ScimResult> {
  const [resource, id, ...rest] = req.path;
  if (rest.length > 0 || !resource) throw scimNotFound('endpoint');
  const method = req.method.toUpperCase();
  switch (resource) {
    case 'Users':
      if (id === undefined) {
        if (method === 'GET') return { status: 200, body: await listUsers(ctx, req.query) };
        if (method === 'POST') return createUser(ctx, req.body);
        throw methodNotAllowed(['GET', 'POST']);
      }
      if (method === 'GET') return { status: 200, body: await getUser(ctx, resourceId(id, 'user')) };
      if (method === 'PUT') return { status: 200, body: await replaceUser(ctx, resourceId(id, 'user'), req.body) };
      if (method === 'PATCH') return { status: 200, body: await patchUser(ctx, resourceId(id, 'user'), req.body) };
      if (method === 'DELETE') {
        await deleteUser(ctx, resourceId(id, 'user'));
        return { status: 204 };
      }
      throw methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']);
    case 'Groups':
      if (id === undefined) {
        if (method === 'GET') return { status: 200, body: await listGroups(ctx, req.query) };
        if (method === 'POST') return createGroup(ctx, req.body);
        throw methodNotAllowed(['GET', 'POST']);
      }
      if (method === 'GET') return { status: 200, body: await getGroup(ctx, resourceId(id, 'group'), req.query) };
      if (method === 'PUT') return { status: 200, body: await replaceGroup(ctx, resourceId(id, 'group'), req.body) };
      if (method === 'PATCH') return { status: 200, body: await patchGroup(ctx, resourceId(id, 'group'), req.body, req.query) };
      if (method === 'DELETE') {
        await deleteGroup(ctx, resourceId(id, 'group'));
        return { status: 204 };
      }
      throw methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']);
    case 'ServiceProviderConfig':
      if (id !== undefined) throw scimNotFound('endpoint');
      if (method !== 'GET') throw methodNotAllowed(['GET']);
      return { status: 200, body: serviceProviderConfig(ctx.base) };
    case 'ResourceTypes':
    case 'Schemas': {
      if (method !== 'GET') throw methodNotAllowed(['GET']);
      const all: Array<{ id: string }> = resource === 'Schemas' ? schemaResources(ctx.base) : resourceTypes(ctx.base);
      if (id === undefined) return { status: 200, body: listOf(all) };
      const one = all.find((r) => r.id === id);
      if (!one) throw scimNotFound(resource === 'Schemas' ? 'schema' : 'resource type');
      return { status: 200, body: one };
    }
    default:
      throw scimNotFound('endpoint');
  }
}

function errorResult(error: unknown, requestId: string): ScimResult & { headers?: Record<string, string> } {
  const scim = error instanceof ScimError ? error : error instanceof DomainError ? scimErrorFromDomain(error) : null;
  if (scim) {
    const result = { status: scim.status, body: scimErrorBody(scim.status, scim.detail, scim.scimType) };
    return Object.keys(scim.headers).length > 0 ? { ...result, headers: scim.headers } : result;
  }
  if (isUniqueViolation(error))
    return { status: 409, body: scimErrorBody(409, 'A resource with this value already exists.', 'uniqueness') };
  logger.error({ requestId, err: error }, 'unhandled SCIM error');
  return { status: 500, body: scimErrorBody(500, 'Something went wrong on our side. The request id identifies it.') };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
