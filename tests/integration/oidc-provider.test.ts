import { and, eq } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { memberRoles, memberships, rolePermissions, roles, systems } from '@/db/schema';
import { oidcIssuedTokens } from '@/db/schema/oidc';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import {
  Browser,
  createSystemClient,
  discover,
  ISSUER,
  providerFetch,
  signInThrough,
  verifyWithJwks,
  type SystemClient,
} from '../support/oidc-relying-party';

// Custos as an OpenID Provider, with openid-client (panva's certified relying party) as the downstream system and
// jose verifying the system's JWT against the published keys, all through the real route handlers and database.

let t: TestTenant;
let ims: SystemClient;
let imsRoleName: string;

/** The OAuth error code of an openid-client failure (a response body error, or a WWW-Authenticate challenge). */
function oauthErrorOf(error: unknown): string {
  const e = error as { error?: string; cause?: Array<{ parameters?: { error?: string } }> };
  return e.error ?? e.cause?.[0]?.parameters?.error ?? String(error);
}

beforeAll(async () => {
  t = await createTenantWithMembers();
  ims = await createSystemClient(t.users.admin, t.slug, { systemSlug: `ims-${unique()}` });
  imsRoleName = `Stock keeper ${unique()}`;
  // The operator holds an IMS role with both keys.
  await withTenant(t.id, async (tx) => {
    const [system] = await tx
      .select()
      .from(systems)
      .where(and(eq(systems.tenantId, t.id), eq(systems.slug, ims.systemSlug)));
    ims.systemId = system.id;
    const [role] = await tx.insert(roles).values({ tenantId: t.id, name: imsRoleName, systemId: system.id }).returning();
    await tx.insert(rolePermissions).values([
      { tenantId: t.id, roleId: role.id, permission: `${ims.systemSlug}:stock.read` },
      { tenantId: t.id, roleId: role.id, permission: `${ims.systemSlug}:stock.adjust` },
    ]);
    const [membership] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, t.users.operator.id)));
    await tx.insert(memberRoles).values({ tenantId: t.id, membershipId: membership.id, roleId: role.id });
  });
});

describe('discovery and keys', () => {
  it('publishes the issuer as APP_URL and endpoints under /oidc, with ES256 keys', async () => {
    const response = await providerFetch(`${ISSUER()}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    expect(document.issuer).toBe(ISSUER());
    const base = new URL(ISSUER()).origin;
    expect(document.authorization_endpoint).toBe(`${base}/oidc/auth`);
    expect(document.token_endpoint).toBe(`${base}/oidc/token`);
    expect(document.userinfo_endpoint).toBe(`${base}/oidc/me`);
    expect(document.jwks_uri).toBe(`${base}/oidc/jwks`);
    expect(document.introspection_endpoint).toBe(`${base}/oidc/token/introspection`);
    expect(document.revocation_endpoint).toBe(`${base}/oidc/token/revocation`);
    expect(document.end_session_endpoint).toBe(`${base}/oidc/session/end`);
    expect(document.id_token_signing_alg_values_supported).toContain('ES256');
    const jwks = (await (await providerFetch(String(document.jwks_uri))).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });

  it('ignores a client-sent Host and X-Forwarded-Host when printing URLs', async () => {
    const response = await providerFetch(`${ISSUER()}/.well-known/openid-configuration`, {
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    const document = (await response.json()) as Record<string, string>;
    expect(document.issuer).toBe(ISSUER());
    expect(document.token_endpoint.startsWith(new URL(ISSUER()).origin)).toBe(true);
  });
});

describe('authorization code with PKCE', () => {
  it('signs a member in: ID token validated by openid-client, userinfo, and the system JWT on asking for the resource', async () => {
    const config = await discover(ims);
    const browser = new Browser(t.users.operator.cookie);
    const { tokens } = await signInThrough(config, browser, ims.redirectUri);
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(t.users.operator.id);
    expect(claims.iss).toBe(ISSUER());
    expect(claims.aud).toBe(ims.clientId);
    expect(claims.email).toBe(t.users.operator.email);
    expect(claims.name).toBe(t.users.operator.name);
    expect(claims.tenant).toBe(t.slug);
    expect(claims.amr).toEqual(['pwd']);

    // The code exchange without `resource` gives an access token userinfo accepts.
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: t.users.operator.id, email: t.users.operator.email, tenant: t.slug });

    // The same client gets its system's JWT by naming the resource at a refresh.
    expect(tokens.refresh_token).toBeTruthy();
    const system = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: `urn:custos:system:${ims.systemSlug}` });
    const jwt = await verifyWithJwks(system.access_token, ims.clientId);
    expect(jwt).toMatchObject({
      sub: t.users.operator.id,
      aud: ims.clientId,
      client_id: ims.clientId,
      tenant: t.slug,
      roles: [imsRoleName],
      permissions: [`${ims.systemSlug}:stock.adjust`, `${ims.systemSlug}:stock.read`],
    });
    // Recorded before it was returned.
    const db = await getDb();
    const [row] = await db
      .select()
      .from(oidcIssuedTokens)
      .where(eq(oidcIssuedTokens.jti, String(jwt.jti)));
    expect(row).toMatchObject({ clientId: ims.clientId, accountId: t.users.operator.id, systemId: ims.systemId, tenantId: t.id });
  });

  it('signed out: the interaction sends the browser to sign in and back', async () => {
    const config = await discover(ims);
    const browser = new Browser();
    const start = await import('../support/oidc-relying-party').then((m) => m.startCodeFlow(config, ims.redirectUri));
    const { location } = await browser.follow(start.url.toString());
    expect(location?.pathname).toBe('/sign-in');
    expect(location?.searchParams.get('next')).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  });
});

describe('browsers across origins', () => {
  it("a public client's page may call the token endpoint from its redirect-URI origin, no other origin may", async () => {
    const pub = await createSystemClient(t.users.admin, t.slug, { systemSlug: `spa-${unique()}`, type: 'public' });
    const config = await discover(pub);
    const tokens = await signInThrough(config, new Browser(t.users.operator.cookie), pub.redirectUri);
    const refreshFrom = (origin: string) =>
      providerFetch(`${ISSUER()}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.tokens.refresh_token!, client_id: pub.clientId }),
      });
    const foreign = await refreshFrom('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const own = await refreshFrom(new URL(pub.redirectUri).origin);
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(new URL(pub.redirectUri).origin);
  });
});

describe('client credentials', () => {
  it('without scope or resource gets the system JWT with no member: empty roles and permissions, sub = client id', async () => {
    const config = await discover(ims);
    const tokens = await oidc.clientCredentialsGrant(config);
    const jwt = await verifyWithJwks(tokens.access_token, ims.clientId);
    expect(jwt).toMatchObject({ sub: ims.clientId, aud: ims.clientId, tenant: t.slug, roles: [], permissions: [] });
  });

  it('wrong secret → invalid_client', async () => {
    const config = await discover({ clientId: ims.clientId, clientSecret: 'not-the-secret' });
    await expect(oidc.clientCredentialsGrant(config).catch(oauthErrorOf)).resolves.toBe('invalid_client');
  });

  it("another system's resource → invalid_target", async () => {
    const config = await discover(ims);
    await expect(oidc.clientCredentialsGrant(config, { resource: 'urn:custos:system:somebody-else' })).rejects.toMatchObject({
      error: 'invalid_target',
    });
  });
});
