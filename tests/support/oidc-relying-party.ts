import * as oidc from 'openid-client';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { handleDiscovery, handleOidcRequest } from '@/lib/oidc-provider/handle-request';
import { env } from '@/lib/platform/env';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { createSystem } from '@/lib/access/create-system';
import { createOidcClient } from '@/lib/oidc-clients/create-oidc-client';
import type { TestUser } from './fixtures';

/**
 * The provider's real counterpart in integration tests: openid-client v6 (panva's certified relying party) talking to
 * Custos's route handlers in-process (its `customFetch` hands each request to the handler its path belongs to), and a
 * small cookie-keeping "browser" that follows the authorization redirects with a Custos session cookie.
 */
export const ISSUER = () => env().APP_URL;

/** fetch for Custos's provider endpoints, in-process: the route handlers get a real Request. */
export async function providerFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const path = new URL(request.url).pathname;
  if (path === '/.well-known/openid-configuration') return handleDiscovery(request);
  if (path.startsWith('/oidc/')) return handleOidcRequest(request);
  throw new Error(`providerFetch: no route for ${request.url}`);
}

export const customFetchOption = {
  [oidc.customFetch]: (url: string, options: oidc.CustomFetchOptions) =>
    providerFetch(url, {
      method: options.method,
      headers: options.headers as HeadersInit,
      body: options.body as BodyInit | null | undefined,
      redirect: 'manual',
    }),
};

/** openid-client's configuration for a client, from Custos's discovery (in-process). */
export async function discover(client: { clientId: string; clientSecret?: string | null }): Promise<oidc.Configuration> {
  const auth = client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None();
  const config = await oidc.discovery(
    new URL(ISSUER()),
    client.clientId,
    client.clientSecret ? { client_secret: client.clientSecret } : undefined,
    auth,
    {
      ...customFetchOption,
      // APP_URL is http://localhost:… in tests.
      execute: [oidc.allowInsecureRequests],
    },
  );
  config[oidc.customFetch] = customFetchOption[oidc.customFetch];
  return config;
}

/** Verify a JWT against the provider's published keys (read from its JWKS endpoint), as a downstream system would. */
export async function verifyWithJwks(token: string, audience: string): Promise<JWTPayload> {
  const jwksUri = (await (await providerFetch(`${ISSUER()}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const jwks = (await (await providerFetch(jwksUri.jwks_uri)).json()) as Parameters<typeof createLocalJWKSet>[0];
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER(), audience, typ: 'at+jwt' });
  return payload;
}

/** A browser's cookie jar for one origin (paths ignored: the provider's flows here are one at a time). */
export class Browser {
  private readonly jar = new Map<string, string>();
  constructor(custosCookie?: string) {
    if (custosCookie) this.setCookieHeader(custosCookie);
  }

  setCookieHeader(header: string): void {
    for (const part of header.split(';')) {
      const index = part.indexOf('=');
      if (index > 0) this.jar.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
    }
  }

  forget(name: string): void {
    this.jar.delete(name);
  }

  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private store(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => {
        const [key, v] = a.trim().split('=');
        return (
          (key.toLowerCase() === 'expires' && new Date(v).getTime() < Date.now()) || (key.toLowerCase() === 'max-age' && Number(v) <= 0)
        );
      });
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** One request with the jar's cookies; Set-Cookie answers kept. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader();
    if (cookie) headers.set('cookie', cookie);
    const response = await providerFetch(new URL(url, ISSUER()).toString(), { ...init, headers, redirect: 'manual' });
    this.store(response);
    return response;
  }

  /**
   * Follow redirects from `url` while they stay on Custos's provider; returns the first answer that is not such a
   * redirect and, when it is a redirect elsewhere (the client's redirect URI, the sign-in page), its location.
   */
  async follow(url: string): Promise<{ response: Response; location: URL | null; visited: string[] }> {
    let current = new URL(url, ISSUER());
    const visited: string[] = [];
    for (let hop = 0; hop < 10; hop += 1) {
      visited.push(current.pathname);
      const response = await this.request(current.toString());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, location: null, visited };
      const next = new URL(location, current);
      if (next.origin !== new URL(ISSUER()).origin || !next.pathname.startsWith('/oidc/')) return { response, location: next, visited };
      current = next;
    }
    throw new Error(`too many redirects: ${visited.join(' → ')}`);
  }
}

export type CodeFlowStart = { url: URL; verifier: string; state: string; nonce: string };

/** An authorization request as openid-client builds it (PKCE S256, state, nonce). */
export async function startCodeFlow(
  config: oidc.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
  options: { pkce?: boolean } = {},
): Promise<CodeFlowStart> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    state,
    nonce,
    ...extra,
  };
  if (options.pkce !== false) {
    parameters.code_challenge = await oidc.calculatePKCECodeChallenge(verifier);
    parameters.code_challenge_method = 'S256';
  }
  return { url: oidc.buildAuthorizationUrl(config, parameters), verifier, state, nonce };
}

/** The whole code flow for a signed-in person: authorization → interaction → consent skipped → the redirect URI. */
export async function signInThrough(
  config: oidc.Configuration,
  browser: Browser,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<{ tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers; start: CodeFlowStart }> {
  const start = await startCodeFlow(config, redirectUri, extra);
  const { location, visited, response } = await browser.follow(start.url.toString());
  if (!location || !location.toString().startsWith(redirectUri)) {
    throw new Error(
      `sign-in did not reach the redirect URI: ${visited.join(' → ')} → ${response.status} ${location ?? (await response.text()).slice(0, 300)}`,
    );
  }
  const tokens = await oidc.authorizationCodeGrant(config, location, {
    pkceCodeVerifier: start.verifier,
    expectedState: start.state,
    expectedNonce: start.nonce,
    idTokenExpected: true,
  });
  return { tokens, start };
}

export type SystemClient = { clientId: string; clientSecret: string | null; systemSlug: string; systemId: string; redirectUri: string };

/**
 * A downstream system in the tenant (with permission keys) and an OpenID client for it, made by the tenant's admin
 * through the same domain functions the API uses.
 */
export async function createSystemClient(
  admin: TestUser,
  tenantSlug: string,
  options: {
    systemSlug: string;
    permissions?: string[];
    type?: 'confidential' | 'public';
    firstParty?: boolean;
    grantTypes?: Array<'authorization_code' | 'refresh_token' | 'client_credentials'>;
    existingSystem?: boolean;
  },
): Promise<SystemClient> {
  const redirectUri = `https://${options.systemSlug}.example.test/callback`;
  const actor = {
    type: 'user' as const,
    id: admin.id,
    name: admin.name,
    email: admin.email,
    isPlatformAdmin: false,
    sessionId: admin.sessionId,
  };
  return withTenantContext(actor, tenantSlug, { requestId: 'test' }, async (ctx) => {
    const system = options.existingSystem
      ? null
      : await createSystem(ctx, {
          slug: options.systemSlug,
          name: `System ${options.systemSlug}`,
          permissions: options.permissions ?? ['stock.read', 'stock.adjust'],
        });
    const client = await createOidcClient(ctx, options.systemSlug, {
      name: `Client of ${options.systemSlug}`,
      type: options.type ?? 'confidential',
      redirectUris: [redirectUri],
      ...(options.grantTypes ? { grantTypes: options.grantTypes } : {}),
      ...(options.firstParty === undefined ? {} : { firstParty: options.firstParty }),
    });
    return {
      clientId: client.clientId,
      clientSecret: (client as { clientSecret?: string | null }).clientSecret ?? null,
      systemSlug: options.systemSlug,
      systemId: (system as { id?: string } | null)?.id ?? '',
      redirectUri,
    };
  });
}
