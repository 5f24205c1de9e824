import { hkdfSync } from 'node:crypto';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { loadSigningKeys } from '@/lib/keys/signing-keys';
import { findClientForProvider } from '@/lib/oidc-clients/find-client-for-provider';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { resolveSessionActor } from '@/lib/auth/session';
import { loadClientAccount, systemAccessOf } from './account';
import { ACR_MULTI_FACTOR, ACR_SINGLE_FACTOR } from './authentication-methods';
import { CUSTOS_METADATA, custosOf, systemResource } from './client-metadata';
import { DatabaseAdapter } from './database-adapter';
import { recordIssuedToken } from './issued-tokens';
import { errorPage, loggedOutPage, logoutPage } from './plain-pages';

/** Where the provider's endpoints live below APP_URL (discovery itself is at /.well-known/openid-configuration). */
export const OIDC_MOUNT_PATH = '/oidc';

/**
 * Token lifetimes, in seconds:
 * - access tokens (a person's and client credentials): 10 minutes. A system's JWT is verified offline, so a change in
 *   Custos (a deny, a suspension) reaches a system that only verifies at the latest when the token expires; systems
 *   that must know sooner introspect. Short enough to bound that, long enough not to refresh on every call.
 * - ID tokens: 1 hour. They prove a sign-in to the client once; nobody should present them as credentials later.
 * - refresh tokens: 14 days, rotated at each use (a used one presented again revokes the grant). They outlive a
 *   working week away; every refresh re-reads the member (removed, suspended, deactivated → invalid_grant) and
 *   recomputes roles and permissions, so the long life grants nothing stale.
 * - authorization codes: 1 minute; interactions (time to sign in, with a second factor): 1 hour; the provider's
 *   session and grants: 14 days (as long as refresh tokens).
 */
const TTL = {
  AccessToken: 10 * 60,
  ClientCredentials: 10 * 60,
  IdToken: 60 * 60,
  RefreshToken: 14 * 24 * 60 * 60,
  AuthorizationCode: 60,
  Interaction: 60 * 60,
  Session: 14 * 24 * 60 * 60,
  Grant: 14 * 24 * 60 * 60,
};

/** The issuer: APP_URL exactly as configured (relying parties compare it byte for byte with discovery's `issuer`). */
export function issuer(): string {
  return env().APP_URL;
}

/** The public origin every provider URL is built from. */
export function publicOrigin(): string {
  return new URL(env().APP_URL).origin;
}

/** Where oidc-provider's endpoints are, as printed in discovery: APP_URL's path (if any) + /oidc. */
export function mountPath(): string {
  return `${new URL(env().APP_URL).pathname.replace(/\/+$/, '')}${OIDC_MOUNT_PATH}`;
}

/**
 * Cookie signing keys for the provider's session and interaction cookies: derived from AUTH_SECRET by HKDF under
 * their own label, so every instance signs and verifies the same cookies and no other use of AUTH_SECRET shares them.
 */
function cookieKeys(): string[] {
  return [Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'custos/oidc-provider', 'cookie-keys/v1', 32)).toString('base64url')];
}

type Built = { version: string; issuer: string; provider: Provider };
let built: Built | null = null;

/**
 * The provider for the current signing keys. Rebuilt when the published keys change (a rotation, here or on another
 * instance, seen within the key set's 30 s cache); requests already running finish on the instance they started with.
 */
export async function getProvider(): Promise<Provider> {
  const keys = await loadSigningKeys();
  const at = issuer();
  if (built && built.version === keys.version && built.issuer === at) return built.provider;
  const provider = new Provider(at, configuration(keys.privateJwks));
  // Behind Next.js: the bridge sets X-Forwarded-Proto/Host from APP_URL (never the client's), and koa reads them.
  provider.proxy = true;
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc-provider server error'));
  built = { version: keys.version, issuer: at, provider };
  return provider;
}

/** Whether the Custos session of this request is signed in as `accountId` (the provider's session must not outlive it). */
async function custosSessionIs(ctx: KoaContextWithOIDC, accountId: string | undefined): Promise<boolean> {
  if (!accountId) return false;
  const cookie = ctx.req.headers.cookie;
  if (!cookie) return false;
  const actor = await resolveSessionActor(new Request(publicOrigin(), { headers: { cookie } }));
  return actor?.type === 'user' && actor.id === accountId;
}

function interactionsPolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  // The provider's session is a copy of Custos's: when the Custos session has ended (signed out, revoked, idle) or is
  // now someone else's, the person signs in again through Custos; and someone who is not an active member of the
  // client's tenant (findAccount found nobody) goes back to the interaction, which refuses them in plain words.
  login.checks.add(
    new interactionPolicy.Check('custos_session', 'the Custos session has ended or belongs to someone else', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // no_session asks already
      if (!(await custosSessionIs(ctx, accountId))) return interactionPolicy.Check.REQUEST_PROMPT;
      return ctx.oidc.account ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}

function configuration(privateJwks: NonNullable<Configuration['jwks']>['keys']): Configuration {
  return {
    adapter: DatabaseAdapter,
    clients: [],
    jwks: { keys: privateJwks },
    cookies: {
      keys: cookieKeys(),
      names: { session: '_custos_op_session', interaction: '_custos_op_interaction', resume: '_custos_op_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    extraClientMetadata: { properties: [CUSTOS_METADATA] },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    // amr/acr say how the Custos session was made (lib/oidc-provider/interaction.ts authenticationOf).
    acrValues: [ACR_SINGLE_FACTOR, ACR_MULTI_FACTOR],
    claims: {
      amr: null,
      acr: null,
      openid: ['sub', 'tenant', 'amr', 'acr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'picture'],
    },
    // ID tokens carry the profile and email claims themselves: a system signing someone in needs no userinfo call.
    conformIdTokenClaims: false,
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    ttl: TTL,
    rotateRefreshToken: true,
    // Refresh tokens live their own 14 days (not the provider's browser session): every refresh re-reads the member.
    expiresWithSession: () => false,
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    routes: {
      authorization: '/auth',
      token: '/token',
      userinfo: '/me',
      jwks: '/jwks',
      introspection: '/token/introspection',
      revocation: '/token/revocation',
      end_session: '/session/end',
    },
    // Browsers may call the provider across origins only from a client's own redirect-URI origins, and only where a
    // browser app needs it: userinfo, and the token endpoints of public (browser) clients.
    clientBasedCORS(ctx, origin, client) {
      if (origin === 'null') return false;
      if (ctx.oidc.route !== 'userinfo' && client.clientAuthMethod !== 'none') return false;
      return client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false;
    },
    discovery: { service_documentation: `${publicOrigin()}/api/docs` },
    interactions: {
      url: (_ctx, interaction) => `${mountPath()}/interaction/${interaction.uid}`,
      policy: interactionsPolicy(),
    },
    async findAccount(ctx, sub) {
      const client = custosOf(ctx.oidc.client);
      if (!client) return undefined;
      const account = await loadClientAccount(sub, client);
      if (!account) return undefined;
      return { accountId: sub, claims: () => account.claims };
    },
    // First-party clients (the tenant's own systems) are not asked for consent: their grant covers what they ask.
    // Third-party clients keep what the person allowed on the consent page (remembered in the grant).
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const session = oidc.session!;
      const grantId = oidc.result?.consent?.grantId || session.grantIdFor(oidc.client!.clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (!custosOf(oidc.client)?.firstParty || !session.accountId) return existing;
      const grant = existing ?? new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: session.accountId });
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
      const servers = oidc.resourceServers as Record<string, { scope: string }> | undefined;
      for (const [indicator, server] of Object.entries(servers ?? {})) grant.addResourceScope(indicator, server.scope);
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      // Only the client a token was issued to may revoke it; anyone else's request changes nothing (answered 200, as
      // for Custos's JWTs in jwt-access-tokens.ts).
      revocation: { enabled: true, allowedPolicy: (_ctx, caller, token) => token.clientId === caller.clientId },
      introspection: {
        enabled: true,
        // Only a confidential client of the token's own system may introspect it, and only while its member (if any)
        // is still an active member of the tenant: otherwise the answer is {active:false}.
        async allowedPolicy(_ctx, caller, token) {
          if (caller.clientAuthMethod === 'none') return false;
          const callerFacts = custosOf(caller);
          const owner = token.clientId === caller.clientId ? caller : await findClientForProvider(token.clientId ?? '');
          const ownerSystem = owner && 'systemId' in owner ? owner.systemId : custosOf(owner)?.systemId;
          if (!callerFacts || !ownerSystem || ownerSystem !== callerFacts.systemId) return false;
          const accountId = (token as { accountId?: string }).accountId;
          if (accountId) return (await systemAccessOf(accountId, callerFacts)) !== null;
          return true;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          const client = ctx.oidc.client;
          const nonce = typeof ctx.req.headers['x-nonce'] === 'string' ? ctx.req.headers['x-nonce'] : undefined;
          ctx.type = 'html';
          ctx.body = logoutPage({ form, clientName: client?.clientName ?? null, nonce });
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage(ctx.oidc.client?.clientName ?? null);
        },
      },
      resourceIndicators: {
        enabled: true,
        // A request that names no resource gets the client's own system: at the authorization endpoint the grant
        // then covers the system (the code exchange and refreshes may ask for its JWT by naming it), and a
        // client-credentials request without scope or resource gets the system's JWT access token.
        defaultResource(_ctx, client, oneOf) {
          if (oneOf) return oneOf.length === 1 ? oneOf[0] : oneOf;
          const facts = custosOf(client);
          return facts ? systemResource(facts.systemSlug) : undefined;
        },
        // False: an exchange that names no resource and asked for `openid` gets an (opaque) access token for userinfo,
        // which oidc-provider's userinfo accepts only without an audience. The same client gets its system's JWT by
        // passing `resource=urn:custos:system:{slug}` at the token or refresh request.
        useGrantedResource: () => false,
        // A client may only ask for its own system's resource.
        getResourceServerInfo(_ctx, resourceIndicator, client) {
          const facts = custosOf(client);
          if (!facts || resourceIndicator !== systemResource(facts.systemSlug)) {
            throw new errors.InvalidTarget('a client may only ask for its own system (urn:custos:system:{slug})');
          }
          return {
            scope: 'openid profile email',
            audience: client.clientId,
            accessTokenFormat: 'jwt',
            accessTokenTTL: TTL.AccessToken,
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    formats: {
      customizers: {
        // A system's JWT access token: the tenant, and the member's roles and permissions for the system at the moment
        // of issue (explicit deny wins; recomputed at each refresh). Client credentials have no member: empty lists and
        // sub = the client id. Recorded in oidc_issued_tokens before it is returned (introspection and revocation).
        async jwt(ctx, token, jwt) {
          const client = custosOf(token.client ?? ctx.oidc.client);
          if (!client) throw new Error('JWT access token for a client without Custos metadata');
          const accountId = 'accountId' in token && typeof token.accountId === 'string' ? token.accountId : null;
          const access = accountId ? await systemAccessOf(accountId, client) : { roles: [], permissions: [] };
          if (!access) throw new errors.InvalidGrant('the person is no longer an active member of the tenant');
          jwt.payload.tenant = client.tenantSlug;
          jwt.payload.roles = access.roles;
          jwt.payload.permissions = access.permissions;
          const { jti } = jwt.payload as { jti: string };
          // The token's own times when they are numbers (they are, from oidc-provider); never an invalid date.
          const seconds = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
          const iat = seconds(jwt.payload.iat, Math.floor(Date.now() / 1000));
          const exp = seconds(jwt.payload.exp, iat + TTL.AccessToken);
          await recordIssuedToken({
            jti,
            tenantId: client.tenantId,
            systemId: client.systemId,
            clientId: token.clientId!,
            accountId,
            grantId: 'grantId' in token && typeof token.grantId === 'string' ? token.grantId : null,
            issuedAt: new Date(iat * 1000),
            expiresAt: new Date(exp * 1000),
          });
        },
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
}
