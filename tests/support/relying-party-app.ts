import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';

/**
 * A downstream system's sign-in, done by openid-client v6 (panva's OpenID Certified relying party), not by us: a tiny
 * local web app whose redirect URI completes the authorization code flow with PKCE against Custos.
 *
 * - `GET /login[?prompt=…]` starts an attempt: a fresh PKCE verifier, state and nonce kept per attempt (keyed by
 *   state, used once), and a redirect to Custos's authorization endpoint (from discovery).
 * - `GET /callback` is the redirect URI: openid-client checks state and issuer, exchanges the code with the verifier,
 *   validates the ID token (signature against Custos's JWKS, iss, aud, nonce, expiry) and then calls userinfo with
 *   the access token. The browser lands on a small page saying who signed in (or why not); the test reads the tokens
 *   from `signIns` / `nextSignIn()`.
 *
 * Besides the browser flow, `config` is openid-client's configuration for the test's own grants (refresh, client
 * credentials, introspection, revocation), helpers below wrap the common ones.
 */
export type RegisteredClient = {
  clientId: string;
  /** A confidential client's secret (client_secret_basic); absent for a public client (PKCE only). */
  clientSecret?: string;
};

export type RelyingPartyOptions = {
  /** Custos's issuer (APP_URL). */
  issuer: string;
  /**
   * Registers the client at Custos once the app listens (its redirect URI is known only then), e.g. through
   * `POST …/systems/{slug}/clients`.
   */
  register: (redirectUri: string) => Promise<RegisteredClient>;
  /** Requested scope; default `openid profile email offline_access`. */
  scope?: string;
  /** Extra authorization request parameters for every attempt (e.g. `resource`, `prompt`). */
  authorizationParams?: Record<string, string>;
  /** Extra token request parameters at the code exchange (e.g. `resource`). */
  tokenParams?: Record<string, string>;
};

export type CompletedSignIn = {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  /** The ID token's claims, validated by openid-client. */
  idToken: oidc.IDToken;
  userinfo: oidc.UserInfoResponse;
};

export type RelyingParty = {
  url: string;
  clientId: string;
  /** `{url}/callback`: the redirect URI registered at Custos. */
  redirectUri: string;
  /** Where a browser starts a sign-in: `{url}/login`. */
  loginUrl: string;
  config: oidc.Configuration;
  signIns: CompletedSignIn[];
  /** Callbacks that did not complete (an error from Custos, a failed check), as readable lines. */
  failures: string[];
  /** Resolves with the next sign-in that completes, rejects with the next failure (call it before the browser goes). */
  nextSignIn(): Promise<CompletedSignIn>;
  refresh(refreshToken: string, params?: Record<string, string>): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>;
  clientCredentials(params?: Record<string, string>): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>;
  introspect(token: string, params?: Record<string, string>): Promise<oidc.IntrospectionResponse>;
  revoke(token: string, params?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
};

type Attempt = { codeVerifier: string; nonce: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, title: string, text: string) {
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`,
    );
}

export async function startRelyingParty(options: RelyingPartyOptions): Promise<RelyingParty> {
  const attempts = new Map<string, Attempt>();
  const waiters: Array<{ resolve: (s: CompletedSignIn) => void; reject: (e: Error) => void }> = [];
  // Set once the client is registered, before the first request can arrive.
  let config!: oidc.Configuration;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const requestUrl = new URL(req.url ?? '/', rp.url);
    const done =
      req.method === 'GET' && requestUrl.pathname === '/login'
        ? login(requestUrl, res)
        : req.method === 'GET' && requestUrl.pathname === '/callback'
          ? callback(requestUrl, res)
          : Promise.resolve(page(res, 404, 'Not found', requestUrl.pathname));
    done.catch((error: unknown) => page(res, 500, 'Error', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  let client: RegisteredClient;
  try {
    client = await options.register(`${url}/callback`);
    const auth = client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None();
    // Custos in the tests runs on plain http://127.0.0.1: openid-client refuses http unless told.
    config = await oidc.discovery(new URL(options.issuer), client.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
  } catch (error) {
    await close();
    throw error;
  }

  const rp: RelyingParty = {
    url,
    clientId: client.clientId,
    redirectUri: `${url}/callback`,
    loginUrl: `${url}/login`,
    config,
    signIns: [],
    failures: [],
    nextSignIn: () => new Promise((resolve, reject) => waiters.push({ resolve, reject })),
    refresh: (refreshToken, params) => oidc.refreshTokenGrant(config, refreshToken, params),
    clientCredentials: (params) => oidc.clientCredentialsGrant(config, params),
    introspect: (token, params) => oidc.tokenIntrospection(config, token, params),
    revoke: (token, params) => oidc.tokenRevocation(config, token, params),
    close,
  };

  async function login(url: URL, res: ServerResponse) {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    attempts.set(state, { codeVerifier, nonce });
    const params: Record<string, string> = {
      redirect_uri: rp.redirectUri,
      scope: options.scope ?? 'openid profile email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...options.authorizationParams,
    };
    for (const [key, value] of url.searchParams) params[key] = value;
    res.writeHead(302, { location: oidc.buildAuthorizationUrl(config, params).href }).end();
  }

  async function callback(url: URL, res: ServerResponse) {
    const state = url.searchParams.get('state') ?? '';
    const attempt = attempts.get(state);
    attempts.delete(state); // a state is good for one answer
    try {
      if (!attempt) throw new Error(`no sign-in attempt with state ${JSON.stringify(state)}`);
      const tokens = await oidc.authorizationCodeGrant(
        config,
        url,
        { pkceCodeVerifier: attempt.codeVerifier, expectedState: state, expectedNonce: attempt.nonce, idTokenExpected: true },
        options.tokenParams,
      );
      const idToken = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      const signIn = { tokens, idToken, userinfo };
      rp.signIns.push(signIn);
      waiters.splice(0).forEach((w) => w.resolve(signIn));
      page(res, 200, 'Signed in to the inventory system', `Signed in as ${userinfo.email ?? userinfo.sub}.`);
    } catch (error) {
      const reason =
        error instanceof oidc.AuthorizationResponseError
          ? `${error.error}: ${error.error_description ?? ''}`
          : error instanceof Error
            ? `${error.name}: ${error.message}${error.cause ? ` (${JSON.stringify(error.cause)})` : ''}`
            : String(error);
      rp.failures.push(reason);
      waiters.splice(0).forEach((w) => w.reject(new Error(reason)));
      page(res, 400, 'Sign-in to the inventory system failed', reason);
    }
  }

  return rp;
}
