import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Provider for the SSO tests: panva's oidc-provider (v9) on 127.0.0.1 and a free port, over http (the
 * app under test runs with SSO_ALLOW_HTTP=1). One confidential client (id, secret and redirect URIs given by the test,
 * client_secret_basic, PKCE required), accounts with sub/email/email_verified/name/groups, and `amr`/`acr` switchable
 * per account. Its own small login page (email + password, the whole scope granted at once) stands in for the
 * provider's sign-in, so a real browser or a fetch-driven test can sign in:
 *
 *   GET  /interaction/{uid}  the form (labelled fields, a "Sign in" button and a "Cancel" link that answers access_denied)
 *   POST /interaction/{uid}  checks email + password and finishes the interaction with the account's amr/acr
 */
export type IdpAccount = {
  sub: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
  password: string;
  groups?: string[];
  /** RFC 8176 methods put in the ID token's `amr` (default `['pwd']`). */
  amr?: string[];
  acr?: string;
};

export type IdpClient = { clientId: string; clientSecret: string; redirectUris: string[] };

export type TestOidcProvider = {
  issuer: string;
  port: number;
  provider: Provider;
  accounts: Map<string, IdpAccount>;
  addAccount(account: IdpAccount): void;
  /** Change what the next sign-ins of this account assert (amr, acr, groups, …). */
  updateAccount(sub: string, changes: Partial<IdpAccount>): void;
  /** Replace the client's redirect URIs (the app's URL is known after the provider started). */
  setRedirectUris(uris: string[]): Promise<void>;
  /** The next ID token carries this nonce instead of the one asked for (a nonce-mismatch test). */
  forceNextNonce(nonce: string | null): void;
  close(): Promise<void>;
};

export async function startOidcProvider(options: {
  client: IdpClient;
  accounts?: IdpAccount[];
  /** Put the scope's claims in the ID token too (default: only in userinfo, as oidc-provider conforms by default). */
  idTokenClaims?: boolean;
  /** Extra scopes offered besides openid/email/profile/groups. */
}): Promise<TestOidcProvider> {
  const accounts = new Map<string, IdpAccount>();
  for (const account of options.accounts ?? []) accounts.set(account.sub, account);
  let forcedNonce: string | null = null;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // amr and acr ride in the ID token (the `openid` scope's claims): the relying party reads the second factor there.
    claims: {
      amr: null,
      acr: null,
      openid: ['sub', 'amr', 'acr'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    acrValues: ['urn:test:password', 'http://schemas.openid.net/pape/policies/2007/06/multi-factor'],
    conformIdTokenClaims: options.idTokenClaims ? false : true,
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const current = accounts.get(sub) ?? account;
          return {
            sub,
            email: current.email,
            email_verified: current.emailVerified ?? true,
            ...(current.name ? { name: current.name } : {}),
            ...(current.groups ? { groups: current.groups } : {}),
          };
        },
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><h1>${escapeHtml(String(out.error))}</h1><p>${escapeHtml(String(out.error_description ?? ''))}</p>`;
    },
  };
  const provider = new Provider(issuer, configuration);

  // The nonce-mismatch test: swap the nonce the provider stores with the code (the ID token is then signed properly,
  // but carries a nonce the relying party never sent).
  const AuthorizationCode = provider.AuthorizationCode;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the code as `this` below
  const originalSave = AuthorizationCode.prototype.save;
  AuthorizationCode.prototype.save = async function save(this: { nonce?: string }, ...args: unknown[]) {
    if (forcedNonce !== null) {
      this.nonce = forcedNonce;
      forcedNonce = null;
    }
    return originalSave.apply(this, args as []);
  };

  const callback = provider.callback();
  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
    if (!match) {
      void callback(req, res);
      return;
    }
    void interaction(req, res, match[1], url).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((error as Error).message));
    });
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, url: URL): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (req.method === 'GET' && url.searchParams.get('cancel') === '1') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled' });
      return;
    }
    if (req.method === 'GET') {
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
      page(res, 200, loginForm(uid, hint, null));
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const account = [...accounts.values()].find((a) => a.email.toLowerCase() === email);
    if (!account || account.password !== form.get('password')) {
      page(res, 401, loginForm(uid, email, 'Wrong email or password.'));
      return;
    }
    const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      {
        login: { accountId: account.sub, amr: account.amr ?? ['pwd'], ...(account.acr ? { acr: account.acr } : {}), remember: false },
        consent: { grantId },
      },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    port,
    provider,
    accounts,
    addAccount(account) {
      accounts.set(account.sub, account);
    },
    updateAccount(sub, changes) {
      const account = accounts.get(sub);
      if (!account) throw new Error(`no account ${sub}`);
      accounts.set(sub, { ...account, ...changes });
    },
    async setRedirectUris(uris) {
      const client = await provider.Client.find(options.client.clientId);
      if (!client) throw new Error('client missing');
      (client as unknown as { redirectUris: string[] }).redirectUris = uris;
    },
    forceNextNonce(nonce) {
      forcedNonce = nonce;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function loginForm(uid: string, email: string, error: string | null): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test identity provider</title></head>
<body><main>
<h1>Test identity provider</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="email">Email</label> <input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(email)}" required>
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p><a href="/interaction/${escapeHtml(uid)}?cancel=1">Cancel</a></p>
</main></body></html>`;
}
