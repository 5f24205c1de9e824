import { z } from 'zod';
import { countApiKeyRequest } from '@/lib/access/api-key-rate-limit';
import type { Permission } from '@/lib/access/permissions';
import { requirePlatformAdminSecondFactor } from '@/lib/auth/platform-admin-gate';
import { presentedApiKey, presentedSession, resolveActor } from '@/lib/auth/resolve-actor';
import type { PresentedSession } from '@/lib/auth/session';
import type { Actor, RequestMeta, TenantContext } from '@/lib/context';
import { DatabaseUnavailableError, DomainError, type ErrorCode, forbidden, isConnectionError, unauthenticated } from '@/lib/errors';
import { getDbHandle } from '@/db/client';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { withTenantContext, type PresentedApiKey } from '@/lib/tenancy/tenant-context';
import { checkInput } from '@/lib/validation';
import { withIdempotency } from './idempotency';
import { problemResponse } from './problem';
import { readJsonBody } from './read-body';
import { requestMeta } from './request-meta';
import { crossOriginWriteRefusal } from './same-origin';

/**
 * The route wrapper every /api/v1 handler uses. It refuses writes made with the session cookie from any origin but
 * the app's own (403 `origin_not_allowed`, lib/http/same-origin.ts), resolves the actor, the tenant from the path
 * (not a member → 404), checks the route's declared access, parses params, query and body with zod
 * (unknown fields rejected), limits bodies to 1 MiB, replays POSTs by Idempotency-Key, turns every
 * error into problem+json with `code` and `requestId`, echoes X-Request-ID, and logs one line per request.
 * Each route registers its schemas here, and /api/openapi.json is generated from them.
 */

/** Who may call: anyone, any signed-in caller, any member of the path's tenant, or holders of a permission. */
export type Access = 'public' | 'authenticated' | 'platform_admin' | 'member' | Permission;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type AnyObject = z.ZodType<Record<string, unknown>>;

export type RouteSpec<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
> = {
  method: Method;
  /** OpenAPI path, `{name}` for parameters: `/api/v1/tenants/{tenant}`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** Status of a successful answer; 204 sends no body. Default 200. */
  status?: number;
  /**
   * POSTs replay by Idempotency-Key unless this is false: routes whose answer carries a secret (token
   * pairs) or whose second use must be detected (a spent refresh token) opt out.
   */
  idempotent?: boolean;
  /**
   * The handler reads the request body itself (an upload, not JSON): the wrapper leaves it unread.
   * `content` is the OpenAPI request-body content map (media type → `{ schema }`).
   */
  rawBody?: { description?: string; content: Record<string, { schema: Record<string, unknown> }> };
  /** An 'authenticated' route that API keys may call too; by default a key works only on its tenant's API (403 here). */
  apiKeys?: boolean;
  /**
   * The domain errors the handler can raise, beyond what the wrapper answers by kind (400, 401, 403, 404 on paths
   * with parameters, 413/415 where a body is read, 429 where API keys are counted, 503): the API document lists each
   * under its status, and the sweeps fail on a status an operation does not list.
   */
  errors?: ErrorCode[];
  /**
   * A success answer that is a file (a download or an image): media type → schema (zod, or JSON Schema such as
   * `{ type: 'string', format: 'binary' }`); it carries Content-Disposition. `notModified`: answers 304 to If-None-Match.
   */
  produces?: { description: string; content: Record<string, { schema: z.ZodType | Record<string, unknown> }>; notModified?: boolean };
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type HandlerArgs<P, Q, B> = {
  request: Request;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  meta: RequestMeta;
};

export type RouteHandler = ((
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>) & { route: RouteSpec<AnyObject | undefined, AnyObject | undefined, z.ZodType | undefined> };

const permissionsOf = (access: Access): string | null =>
  access === 'public' || access === 'authenticated' || access === 'platform_admin' || access === 'member' ? null : access;

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const zod: z.ZodType = schema;
  // Text the database cannot store (NUL, lone surrogates) is bad input too, not a failed query later.
  const checked = checkInput(zod, value);
  if (!checked.ok) {
    const named = checked.errors.map((e) => ({ ...e, path: where === 'body' ? e.path : `${where}.${e.path}` }));
    throw new DomainError('validation_failed', 400, `Invalid ${where === 'body' ? 'request body' : where}.`, named);
  }
  return checked.data as Out<S>;
}

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (status === 204 || result === undefined) return new Response(null, { status: status === 200 ? 204 : status });
  return Response.json(result, { status });
}

/**
 * A route outside any tenant: public (no actor), any signed-in caller, or platform administrators only
 * (a user actor with isPlatformAdmin; anyone else gets 403).
 */
export function route<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B> & { access: 'public' | 'authenticated' | 'platform_admin' },
  handler: (args: HandlerArgs<P, Q, B> & { actor: Actor | null }) => Promise<unknown>,
): RouteHandler {
  return wrap(spec, async (raw, actor) => {
    if (spec.access === 'platform_admin' && !(actor?.type === 'user' && actor.isPlatformAdmin)) {
      throw forbidden('This needs a platform administrator.');
    }
    if (spec.access === 'platform_admin') requirePlatformAdminSecondFactor(actor);
    if (spec.access === 'authenticated' && actor?.type === 'api_key' && !spec.apiKeys) {
      throw forbidden("An API key works only on its tenant's API, not on routes that act as a person.");
    }
    return handler({ ...parseAll(spec, raw), actor });
  });
}

/** A route under /api/v1/tenants/{tenant}: the handler receives the TenantContext inside the tenant's transaction. */
export function tenantRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B> & { access: 'member' | Permission },
  handler: (args: HandlerArgs<P, Q, B> & { ctx: TenantContext }) => Promise<unknown>,
): RouteHandler {
  if (!spec.path.includes('{tenant}')) throw new Error(`tenantRoute ${spec.path} has no {tenant} parameter`);
  return wrap(
    spec,
    async (raw, actor) => {
      const caller = actor ?? raw.apiKey ?? raw.session;
      if (!caller) throw unauthenticated();
      // X-System-Slug: the downstream system the call is made for; resolved in the tenant (unknown → 404) as ctx.system.
      const system = raw.request.headers.get('x-system-slug')?.trim() || null;
      return withTenantContext(
        caller,
        typeof raw.rawParams.tenant === 'string' ? raw.rawParams.tenant : '',
        raw.meta,
        async (ctx) => {
          raw.actorResolved(ctx.actor);
          const needed = permissionsOf(spec.access);
          if (needed && !ctx.permissions.has(needed)) throw forbidden(`This needs the ${needed} permission.`);
          // Parsed after the membership and permission checks, so a stranger learns nothing from validation errors.
          return handler({ ...parseAll(spec, raw), ctx });
        },
        { system },
      );
    },
    { tenantScoped: true },
  );
}

type RawArgs = {
  request: Request;
  rawParams: Record<string, unknown>;
  rawQuery: unknown;
  rawBody: unknown;
  meta: RequestMeta;
  /** An API key left for the tenant route to verify inside its own transaction (then `actor` is null). */
  apiKey: PresentedApiKey | null;
  /** A session (cookie or bearer access token) left for the tenant route to read inside its own transaction. */
  session: PresentedSession | null;
  /** Tells the wrapper who the deferred key turned out to be (for the request log). */
  actorResolved: (actor: Actor) => void;
};

function parseAll<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined>(
  spec: RouteSpec<P, Q, B>,
  raw: RawArgs,
): HandlerArgs<P, Q, B> {
  return {
    request: raw.request,
    meta: raw.meta,
    params: parsePart(spec.params as P, raw.rawParams, 'params'),
    query: parsePart(spec.query as Q, raw.rawQuery, 'query'),
    body: parsePart(spec.body as B, raw.rawBody, 'body'),
  };
}

function wrap<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined>(
  spec: RouteSpec<P, Q, B>,
  run: (raw: RawArgs, actor: Actor | null) => Promise<unknown>,
  options: { tenantScoped?: boolean } = {},
): RouteHandler {
  const handler = async (
    request: Request,
    context: { params: Promise<Record<string, string | string[] | undefined>> },
  ): Promise<Response> => {
    const started = performance.now();
    const meta = requestMeta(request);
    let actor: Actor | null = null;
    let tenant: string | undefined;
    let rateLimit: Record<string, string> | undefined;
    /** An API key's rate-limit count still under way (PostgreSQL): resolves, or throws its 429. */
    let countSettled: (() => Promise<void>) | null = null;
    let response: Response;
    try {
      const rawParams = (await context?.params) ?? {};
      if (options.tenantScoped && typeof rawParams.tenant === 'string') tenant = rawParams.tenant;
      // Before the body is read or anyone resolved: nothing of a forged write is looked at.
      const refusal = crossOriginWriteRefusal(request, env().APP_URL);
      if (refusal) throw new DomainError('origin_not_allowed', 403, refusal);
      const rawBody = !spec.rawBody && (spec.body || request.method !== 'GET') ? await readJsonBody(request) : undefined;
      if (!spec.body && rawBody !== undefined) {
        throw new DomainError('validation_failed', 400, 'This endpoint takes no request body.', [
          { path: '(body)', message: 'Send no body.' },
        ]);
      }
      const key = request.headers.get('idempotency-key');
      const replayable = key !== null && request.method === 'POST' && spec.idempotent !== false;
      let deferredKey: PresentedApiKey | null = null;
      let deferredSession: PresentedSession | null = null;
      if (spec.access !== 'public') {
        // An API key is counted by its prefix first (brute force on a known prefix is limited too). On a tenant
        // route it is then verified inside the tenant's transaction, beside the access query: no round trips
        // of its own. A replayable POST resolves it first: a replay must never answer an unverified key.
        const presented = presentedApiKey(request);
        const deferring = presented !== null && options.tenantScoped === true && !replayable;
        if (presented) {
          const counting = countApiKeyRequest(presented.prefix).then((counted) => {
            rateLimit = counted.headers;
            return counted;
          });
          counting.catch(() => {}); // settled below, or in the tenant's transaction and again after the answer
          const settle = async () => {
            const counted = await counting;
            if (counted.exceeded) throw counted.exceeded;
          };
          // On PostgreSQL the count travels beside the tenant transaction's first round trip (another pooled
          // connection): the key is judged once both are back, and nothing is done for a key over its limit.
          // PGlite's one connection would make the transaction wait for the count: counted first there.
          if (deferring && (await getDbHandle()).kind === 'postgres') countSettled = settle;
          else await settle();
        }
        // A session on a tenant route likewise: its signature is checked here, its row read in the tenant's
        // transaction, sent ahead of the tenant setup in the round trip of the member's access.
        const session = !presented && options.tenantScoped && !replayable ? await presentedSession(request) : null;
        if (presented && deferring) {
          deferredKey = countSettled ? { ...presented, counted: countSettled } : presented;
        } else if (session) {
          deferredSession = session;
        } else {
          actor = await resolveActor(request);
          if (!actor) throw unauthenticated();
        }
      }
      const raw: RawArgs = {
        request,
        rawParams,
        rawQuery: queryObject(new URL(request.url)),
        rawBody,
        meta,
        apiKey: deferredKey,
        session: deferredSession,
        actorResolved: (resolved) => {
          actor = resolved;
        },
      };
      const execute = async () => toResponse(await run(raw, actor), spec.status ?? 200);
      response = replayable
        ? await withIdempotency(
            {
              key,
              scope: actor ? `${actor.type}:${actor.id}` : 'anonymous',
              method: request.method,
              path: new URL(request.url).pathname,
              body: rawBody,
            },
            execute,
          )
        : await execute();
    } catch (error) {
      response = errorResponse(error, meta.requestId);
    }
    // A key counted alongside answers 429 over anything else once past its limit, as when it is counted first.
    if (countSettled) {
      try {
        await countSettled();
      } catch (error) {
        response = errorResponse(error, meta.requestId);
      }
    }
    response.headers.set('x-request-id', meta.requestId);
    for (const [name, value] of Object.entries(rateLimit ?? {})) response.headers.set(name, value);
    logger.info(
      {
        requestId: meta.requestId,
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        actorId: actor?.id,
        tenant,
      },
      'request',
    );
    return response;
  };
  return Object.assign(handler, { route: spec });
}

export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof DomainError) {
    return problemResponse(error.status, error.code, error.message, requestId, { errors: error.errors, headers: error.headers });
  }
  if (isConnectionError(error)) {
    const unavailable = new DatabaseUnavailableError(error);
    logger.warn({ requestId, err: { message: (error as Error).message } }, 'database unavailable');
    return problemResponse(503, 'service_unavailable', unavailable.message, requestId, { headers: unavailable.headers });
  }
  logger.error({ requestId, err: error }, 'unhandled error');
  return problemResponse(500, 'internal_error', 'Something went wrong on our side. The request id identifies it.', requestId);
}
