import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

/**
 * A stand-in for a downstream inventory system (IMS) that trusts Custos the way a real one would: it reads the
 * provider's discovery document once, then verifies every Bearer token OFFLINE against the published keys with
 * jose's createRemoteJWKSet (its default cache and cooldown: a key it has not seen triggers a fetch at most every
 * 30 s), checking the issuer, the audience (its own client id), the token type (RFC 9068 `at+jwt`) and the tenant.
 * It never calls Custos per request.
 *
 * - `POST /stock/adjust`: 200 only when the token's `permissions` hold `<system>:stock.adjust`, 403 when it does not,
 *   401 (with `WWW-Authenticate`) when there is no token or it does not verify.
 * - `GET /whoami`: 200 with the verified claims for any valid token (a verification without a permission check).
 *
 * It counts verifications, verification failures (with their reasons), the signing keys (`kid`) it has accepted
 * tokens from, and its JWKS fetches, so the key-rotation test can prove no request failed while keys rolled over.
 */
export type DownstreamServiceOptions = {
  /** Custos's issuer (APP_URL); the discovery document is read from `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** The audience a token must carry: this system's client id at Custos. */
  audience: string;
  /** The tenant slug a token must carry in its `tenant` claim. */
  tenant: string;
  /** The system's slug: `POST /stock/adjust` needs `{systemSlug}:stock.adjust`. */
  systemSlug: string;
};

export type VerificationFailure = { reason: string; kid: string | null; at: number };

export type DownstreamService = {
  url: string;
  /** The JWKS address read from discovery. */
  jwksUri: string;
  /** Tokens that verified (every endpoint). */
  verified: number;
  /** Tokens that did not verify, with jose's reason. */
  failures: VerificationFailure[];
  /** Requests refused with 403 for a missing permission (after a successful verification). */
  refusals: number;
  /** `kid` → how many verified tokens it signed. */
  kids: Map<string, number>;
  /** How often createRemoteJWKSet fetched the key set. */
  jwksFetches: number;
  /** Verify a token as the endpoints do (counted the same way); throws on failure. */
  verify(token: string): Promise<JWTPayload>;
  close(): Promise<void>;
};

type Discovery = { issuer: string; jwks_uri: string };

export const STOCK_ADJUST = 'stock.adjust';

export async function startDownstreamService(options: DownstreamServiceOptions): Promise<DownstreamService> {
  const discoveryRes = await fetch(`${options.issuer}/.well-known/openid-configuration`);
  if (!discoveryRes.ok) throw new Error(`discovery answered ${discoveryRes.status}: ${await discoveryRes.text()}`);
  const discovery = (await discoveryRes.json()) as Discovery;
  if (discovery.issuer !== options.issuer) throw new Error(`discovery names issuer ${discovery.issuer}, expected ${options.issuer}`);

  const state: DownstreamService = {
    url: '',
    jwksUri: discovery.jwks_uri,
    verified: 0,
    failures: [],
    refusals: 0,
    kids: new Map(),
    jwksFetches: 0,
    verify,
    close: async () => {},
  };

  // Default cache and cooldown on purpose: the rotation test proves Custos's rollover suits an ordinary verifier.
  const keySet = createRemoteJWKSet(new URL(discovery.jwks_uri), {
    [customFetch]: (url, init) => {
      state.jwksFetches += 1;
      return fetch(url, init);
    },
  });
  const requiredPermission = `${options.systemSlug}:${STOCK_ADJUST}`;

  async function verify(token: string): Promise<JWTPayload> {
    let kid: string | null = null;
    try {
      kid = decodeProtectedHeader(token).kid ?? null;
    } catch {
      // not even a JWS: jwtVerify below says so
    }
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: discovery.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        algorithms: ['ES256', 'EdDSA'],
        requiredClaims: ['exp', 'iat', 'tenant'],
      });
      if (payload.tenant !== options.tenant)
        throw new joseErrors.JWTClaimValidationFailed('unexpected "tenant" claim value', payload, 'tenant');
      state.verified += 1;
      if (kid) state.kids.set(kid, (state.kids.get(kid) ?? 0) + 1);
      return payload;
    } catch (error) {
      state.failures.push({ reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error), kid, at: Date.now() });
      throw error;
    }
  }

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://ims.local').pathname;
    const route = `${req.method} ${path}`;
    if (route !== 'POST /stock/adjust' && route !== 'GET /whoami') return send(res, 404, { error: 'not_found' });
    // The body is not read: the decision rests on the token alone.
    req.resume();
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
    if (!match) return send(res, 401, { error: 'invalid_request' }, { 'www-authenticate': 'Bearer realm="ims"' });
    let claims: JWTPayload;
    try {
      claims = await verify(match[1]);
    } catch (error) {
      const description = error instanceof Error ? error.message.replaceAll('"', "'") : 'invalid token';
      return send(
        res,
        401,
        { error: 'invalid_token', error_description: description },
        {
          'www-authenticate': `Bearer realm="ims", error="invalid_token", error_description="${description}"`,
        },
      );
    }
    if (route === 'GET /whoami') return send(res, 200, { claims });
    const permissions = Array.isArray(claims.permissions) ? (claims.permissions as unknown[]) : [];
    if (!permissions.includes(requiredPermission)) {
      state.refusals += 1;
      return send(
        res,
        403,
        { error: 'insufficient_scope', required: requiredPermission },
        {
          'www-authenticate': `Bearer realm="ims", error="insufficient_scope"`,
        },
      );
    }
    return send(res, 200, { adjusted: true, by: claims.sub ?? null, tenant: claims.tenant });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

/** Call `POST /stock/adjust` with a Bearer token; the status and body the downstream service answered. */
export async function adjustStock(
  service: DownstreamService,
  accessToken: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${service.url}/stock/adjust`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'SKU-1', delta: -1 }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
