import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as callbackRoute } from '@/app/sso/[tenant]/[connection]/oidc/callback/route';
import { GET as startRoute } from '@/app/sso/[tenant]/[connection]/start/route';
import { getDb } from '@/db/client';
import { auditEvents, memberRoles, memberships, sessions, ssoConnections, ssoIdentities, teamMembers, teams, users } from '@/db/schema';
import { decode } from 'next-auth/jwt';
import { SESSION_COOKIE } from '@/lib/auth/session';
import { env, resetEnv } from '@/lib/platform/env';
import { DomainError } from '@/lib/errors';
import { assertionFromClaims, groupsFromClaim, secondFactorAsserted } from '@/lib/sso/oidc/claims';
import { clearDiscoveryCache } from '@/lib/sso/oidc/discovery';
import { OIDC_FLOW_TTL_SECONDS, oidcFlowCookieName, sealOidcFlow } from '@/lib/sso/oidc/flow-cookie';
import { openOidcClientSecret, prepareOidcConnection } from '@/lib/sso/oidc/prepare-connection';
import { oidcRedirectUri, ssoStartUrl } from '@/lib/sso/urls';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-idp';

/**
 * The OIDC relying party against a real OpenID Provider (panva's oidc-provider on a local port, tests/support/
 * oidc-idp.ts): connections are checked with the provider's real discovery document; a whole sign-in is driven with
 * fetch through the provider (start → its login form → its redirect → our callback) and ends with a session cookie;
 * tampered state, a foreign nonce, a replayed code, a provider error and a missing, tampered or expired flow cookie
 * are each refused on the refusal page and audited without tokens.
 */

let idp: TestOidcProvider;
let acme: TestTenant;
let other: TestTenant;
let connectionId: string;
let mappedTeamId: string;
const clientId = `custos-${unique()}`;
const clientSecret = `secret-${unique()}-${unique()}`;
const previousAllowHttp = process.env.SSO_ALLOW_HTTP;

function allowHttp(on: boolean) {
  if (on) process.env.SSO_ALLOW_HTTP = '1';
  else delete process.env.SSO_ALLOW_HTTP;
  resetEnv();
}

beforeAll(async () => {
  allowHttp(true);
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  connectionId = randomUUID();
  idp = await startOidcProvider({
    client: { clientId, clientSecret, redirectUris: [oidcRedirectUri(acme.slug, connectionId)] },
  });
  const prepared = await prepareOidcConnection({ issuer: idp.issuer, clientId, clientSecret, scopes: ['groups'] });
  mappedTeamId = await withTenant(acme.id, async (tx) => {
    const [team] = await tx
      .insert(teams)
      .values({ tenantId: acme.id, name: `Line 2 ${unique()}` })
      .returning({ id: teams.id });
    await tx.insert(ssoConnections).values({
      tenantId: acme.id,
      id: connectionId,
      type: 'oidc',
      name: `Test IdP ${unique()}`,
      config: prepared.config,
      secretCiphertext: prepared.secretCiphertext,
      defaultRoleIds: [acme.roleIds.operator],
      groupTeamMappings: [{ group: 'line-2', teamId: team.id }],
    });
    return team.id;
  });
}, 120_000);

afterAll(async () => {
  await idp?.close();
  if (previousAllowHttp === undefined) delete process.env.SSO_ALLOW_HTTP;
  else process.env.SSO_ALLOW_HTTP = previousAllowHttp;
  resetEnv();
});

beforeEach(() => allowHttp(true));

/** Cookies by name, kept from Set-Cookie answers (one host each: the provider, or the app). */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

async function start(query: Record<string, string> = {}, connection = connectionId, tenant = acme.slug) {
  const url = new URL(ssoStartUrl(tenant, connection));
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return startRoute(new Request(url), { params: Promise.resolve({ tenant, connection }) });
}

/** Start, then through the provider's login form to its redirect back to us: the callback URL and our cookies. */
async function throughProvider(
  account: { email: string; password: string },
  query: Record<string, string> = {},
): Promise<{ callbackUrl: URL; app: Jar; authorizeUrl: URL }> {
  const app = new Jar();
  const started = await start(query);
  expect(started.status).toBe(303);
  app.take(started);
  const authorizeUrl = new URL(started.headers.get('location')!);
  const provider = new Jar();
  let response = await fetch(authorizeUrl, { redirect: 'manual' });
  provider.take(response);
  expect(response.status).toBe(303);
  const interactionUrl = new URL(response.headers.get('location')!, idp.issuer);
  response = await fetch(interactionUrl, { headers: { cookie: provider.header() } });
  expect(response.status).toBe(200);
  const form = await response.text();
  if (query.login_hint) expect(form).toContain(`value="${query.login_hint}"`);
  response = await fetch(interactionUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: provider.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: account.email, password: account.password }),
  });
  expect(response.status).toBe(303);
  provider.take(response);
  response = await fetch(new URL(response.headers.get('location')!, idp.issuer), {
    redirect: 'manual',
    headers: { cookie: provider.header() },
  });
  expect(response.status).toBe(303);
  const callbackUrl = new URL(response.headers.get('location')!);
  return { callbackUrl, app, authorizeUrl };
}

async function callback(url: URL, cookie: string, connection = connectionId, tenant = acme.slug) {
  return callbackRoute(new Request(url, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ tenant, connection }) });
}

function person(label: string, extra: Partial<Parameters<TestOidcProvider['addAccount']>[0]> = {}) {
  const email = `${label}-${unique()}@corp.example`;
  const account = { sub: `sub-${unique()}`, email, name: `Person ${label}`, password: `pw-${unique()}`, ...extra };
  idp.addAccount(account);
  return account;
}

async function lastFailure() {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.tenantId, acme.id), eq(auditEvents.action, 'sso.sign_in_failed'), eq(auditEvents.targetId, connectionId)))
    .orderBy(desc(auditEvents.occurredAt))
    .limit(1);
  return row;
}

async function sessionOf(response: Response) {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) return null;
  const token = decodeURIComponent(line.split(';')[0].slice(SESSION_COOKIE.length + 1));
  const decoded = await decode({ token, secret: env().AUTH_SECRET, salt: SESSION_COOKIE });
  if (typeof decoded?.sid !== 'string') return null;
  const db = await getDb();
  const [row] = await db.select().from(sessions).where(eq(sessions.id, decoded.sid));
  return row ?? null;
}

describe('prepareOidcConnection', () => {
  it('reads the real discovery document and seals the client secret', async () => {
    const prepared = await prepareOidcConnection({
      issuer: idp.issuer,
      clientId,
      clientSecret,
      scopes: ['groups', 'openid'],
      groupsClaim: 'roles',
    });
    expect(prepared.config).toEqual({ issuer: idp.issuer, clientId, scopes: ['groups'], groupsClaim: 'roles' });
    expect(prepared.secretCiphertext).not.toContain(clientSecret);
    expect(openOidcClientSecret(prepared.secretCiphertext)).toBe(clientSecret);
    // Sealed for this purpose only: a TOTP-style opening under another context fails.
    const { openSecret } = await import('@/lib/auth/mfa/secret-box');
    expect(openSecret(prepared.secretCiphertext, acme.users.admin.id)).toBeNull();
  });

  it('refuses an http issuer unless SSO_ALLOW_HTTP=1, naming the issuer', async () => {
    allowHttp(false);
    clearDiscoveryCache();
    const error = await prepareOidcConnection({ issuer: idp.issuer, clientId, clientSecret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(400);
    expect((error as DomainError).errors).toEqual([{ path: 'issuer', message: expect.stringContaining('https://') }]);
    // Nor is a sign-in started through an http issuer once the setting is off.
    const started = await start();
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe('/sso/refused?reason=connection_unavailable');
    expect(started.headers.getSetCookie()).toEqual([]);
  });

  it('refuses an issuer without a discovery document, and names each bad field', async () => {
    const closed = await startOidcProvider({ client: { clientId: 'x', clientSecret: 'y', redirectUris: ['http://localhost/cb'] } });
    const gone = closed.issuer;
    await closed.close();
    const unreachable = await prepareOidcConnection({ issuer: gone, clientId, clientSecret }).catch((e: unknown) => e);
    expect((unreachable as DomainError).errors?.map((e) => e.path)).toEqual(['issuer']);
    // Discovery with the wrong issuer path: the document names another issuer.
    const mismatch = await prepareOidcConnection({ issuer: `${idp.issuer}/elsewhere`, clientId, clientSecret }).catch((e: unknown) => e);
    expect((mismatch as DomainError).errors?.map((e) => e.path)).toEqual(['issuer']);

    const bad = (await prepareOidcConnection({
      issuer: 'not a url',
      clientId: ' ',
      clientSecret: '',
      scopes: ['ok', 'two words'],
      groupsClaim: '',
    }).catch((e: unknown) => e)) as DomainError;
    expect(bad.status).toBe(400);
    expect(bad.errors?.map((e) => e.path)).toEqual(['issuer', 'clientId', 'clientSecret', 'scopes.1', 'groupsClaim']);
    const credentials = (await prepareOidcConnection({ issuer: 'https://user:pw@idp.example', clientId, clientSecret }).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(credentials.errors?.map((e) => e.path)).toEqual(['issuer']);
  });
});

describe('the claims an OIDC provider sends', () => {
  it('count as a second factor for RFC 8176 methods beyond a password, or a multi-factor acr', () => {
    expect(secondFactorAsserted({ amr: ['pwd'] })).toBe(false);
    expect(secondFactorAsserted({ amr: ['pwd', 'mfa'] })).toBe(true);
    expect(secondFactorAsserted({ amr: ['pwd', 'otp'] })).toBe(true);
    expect(secondFactorAsserted({ amr: ['hwk'] })).toBe(true);
    expect(secondFactorAsserted({ amr: ['pwd', 'kba'] })).toBe(false);
    expect(secondFactorAsserted({ amr: 'mfa' })).toBe(false);
    expect(secondFactorAsserted({ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' })).toBe(true);
    expect(secondFactorAsserted({ acr: 'phrh' })).toBe(true);
    expect(secondFactorAsserted({ acr: 'urn:test:password' })).toBe(false);
  });

  it('give groups from the configured claim, signed ID token claims before userinfo', () => {
    expect(groupsFromClaim(['a', 'a', 7, null, ' b '])).toEqual(['a', '7', 'b']);
    expect(groupsFromClaim('solo')).toEqual(['solo']);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
    const assertion = assertionFromClaims(
      { tenantId: 't', connectionId: 'c', groupsClaim: 'roles' },
      { sub: 'abc', email: 'Id@Corp.Example', amr: ['pwd'] },
      {
        sub: 'abc',
        email: 'other@corp.example',
        email_verified: 'true',
        given_name: 'Ada',
        family_name: 'Lovelace',
        roles: ['r1'],
        amr: ['mfa'],
      },
    );
    expect(assertion).toEqual({
      tenantId: 't',
      connectionId: 'c',
      subject: 'abc',
      email: 'id@corp.example',
      emailVerified: true,
      name: 'Ada Lovelace',
      groups: ['r1'],
      // amr from userinfo does not count: only the ID token describes the authentication.
      secondFactor: false,
    });
  });
});

describe('signing in through the provider', () => {
  it('starts with PKCE S256, state and nonce in a sealed cookie scoped to /sso/', async () => {
    const started = await start({ returnTo: '/t/x/batches', login_hint: 'ada@corp.example' });
    expect(started.status).toBe(303);
    const location = new URL(started.headers.get('location')!);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('client_id')).toBe(clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(oidcRedirectUri(acme.slug, connectionId));
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('scope')).toBe('openid email profile groups');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('login_hint')).toBe('ada@corp.example');
    const [cookie] = started.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^${oidcFlowCookieName(connectionId, false)}=v1\\.`));
    expect(cookie).toContain('Path=/sso/');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain(`Max-Age=${OIDC_FLOW_TTL_SECONDS}`);
    // Nothing of the flow can be read from the cookie.
    expect(cookie).not.toContain(location.searchParams.get('state')!);
  });

  it('signs a newcomer in: member just in time with the default role, the mapped team, a session cookie, returnTo kept', async () => {
    const newcomer = person('newcomer', { groups: ['line-2', 'unmapped'] });
    const { callbackUrl, app } = await throughProvider(newcomer, {
      returnTo: `/t/${acme.slug}/batches?view=open`,
      login_hint: newcomer.email,
    });
    expect(callbackUrl.href.startsWith(oidcRedirectUri(acme.slug, connectionId))).toBe(true);
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();
    const response = await callback(callbackUrl, app.header());
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/t/${acme.slug}/batches?view=open`);
    // The flow cookie is spent.
    expect(
      response.headers.getSetCookie().some((l) => l.startsWith(`${oidcFlowCookieName(connectionId, false)}=;`) && /Max-Age=0/.test(l)),
    ).toBe(true);
    const session = await sessionOf(response);
    expect(session).not.toBeNull();
    expect(session!.authMethod).toBe('sso');
    expect(session!.ssoConnectionId).toBe(connectionId);
    expect(session!.mfaVerifiedAt).toBeNull();

    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, newcomer.email));
    expect(user).toBeDefined();
    expect(user.name).toBe(newcomer.name);
    expect(session!.userId).toBe(user.id);
    await withTenant(acme.id, async (tx) => {
      const [identity] = await tx
        .select()
        .from(ssoIdentities)
        .where(and(eq(ssoIdentities.connectionId, connectionId), eq(ssoIdentities.subject, newcomer.sub)));
      expect(identity?.userId).toBe(user.id);
      const [membership] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.tenantId, acme.id), eq(memberships.userId, user.id)));
      expect(membership).toBeDefined();
      const roleRows = await tx.select({ roleId: memberRoles.roleId }).from(memberRoles).where(eq(memberRoles.membershipId, membership.id));
      expect(roleRows.map((r) => r.roleId)).toEqual([acme.roleIds.operator]);
      const teamRows = await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.membershipId, membership.id));
      expect(teamRows.map((r) => r.teamId)).toEqual([mappedTeamId]);
    });

    // Next time the IdP no longer lists the group: the mapped team is left; the same account signs in again.
    idp.updateAccount(newcomer.sub, { groups: [] });
    const again = await throughProvider(newcomer);
    const second = await callback(again.callbackUrl, again.app.header());
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(`/t/${acme.slug}`);
    expect((await sessionOf(second))?.userId).toBe(user.id);
    const teamRows = await withTenant(acme.id, (tx) =>
      tx
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .innerJoin(memberships, eq(memberships.id, teamMembers.membershipId))
        .where(eq(memberships.userId, user.id)),
    );
    expect(teamRows).toEqual([]);
  });

  it('takes amr=mfa as the second factor: the session counts as verified', async () => {
    const strong = person('strong', { amr: ['pwd', 'mfa'] });
    const { callbackUrl, app } = await throughProvider(strong);
    const response = await callback(callbackUrl, app.header());
    expect(response.status).toBe(303);
    const session = await sessionOf(response);
    expect(session?.authMethod).toBe('sso');
    expect(session?.mfaVerifiedAt).toBeInstanceOf(Date);
  });

  it('takes a multi-factor acr as the second factor too', async () => {
    const acr = person('acr', { amr: ['pwd'], acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' });
    const { callbackUrl, app } = await throughProvider(acr);
    const session = await sessionOf(await callback(callbackUrl, app.header()));
    expect(session?.mfaVerifiedAt).toBeInstanceOf(Date);
  });

  it('never follows returnTo to another origin', async () => {
    const someone = person('elsewhere');
    const { callbackUrl, app } = await throughProvider(someone, { returnTo: '//evil.example/steal' });
    const response = await callback(callbackUrl, app.header());
    expect(response.headers.get('location')).toBe(`/t/${acme.slug}`);
  });
});

describe('refusing a bad answer', () => {
  async function expectRefused(response: Response, reason: string, audited: string) {
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/sso/refused?reason=${reason}`);
    expect(await sessionOf(response)).toBeNull();
    const failure = await lastFailure();
    expect(failure?.after).toMatchObject({ reason: audited, protocol: 'oidc' });
    return failure;
  }

  it('refuses a tampered state, and audits no code or token', async () => {
    const someone = person('state');
    const { callbackUrl, app } = await throughProvider(someone);
    const code = callbackUrl.searchParams.get('code')!;
    callbackUrl.searchParams.set('state', 'forged-state');
    const failure = await expectRefused(await callback(callbackUrl, app.header()), 'invalid_response', 'state_mismatch');
    expect(JSON.stringify(failure)).not.toContain(code);
    expect(failure.actorType).toBe('system');
    // No account was made.
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, someone.email))).toEqual([]);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const someone = person('nonce');
    idp.forceNextNonce('a-nonce-we-never-sent');
    const { callbackUrl, app } = await throughProvider(someone);
    await expectRefused(await callback(callbackUrl, app.header()), 'invalid_response', 'nonce_mismatch');
  });

  it('refuses a code used twice', async () => {
    const someone = person('replay');
    const { callbackUrl, app } = await throughProvider(someone);
    const first = await callback(callbackUrl, app.header());
    expect(await sessionOf(first)).not.toBeNull();
    // The browser lost the cleared cookie; an attacker replays the whole request.
    await expectRefused(await callback(callbackUrl, app.header()), 'invalid_response', 'token_exchange_failed');
  });

  it('refuses a callback without the flow cookie, or with a tampered or expired one', async () => {
    const someone = person('cookie');
    const { callbackUrl, app } = await throughProvider(someone);
    await expectRefused(await callback(callbackUrl, ''), 'expired', 'flow_missing');
    const name = oidcFlowCookieName(connectionId, false);
    const sealed = app.get(name)!;
    const tampered = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expectRefused(await callback(callbackUrl, `${name}=${tampered}`), 'invalid_response', 'flow_invalid');
    // Another connection's cookie does not open for this one.
    const foreign = sealOidcFlow(randomUUID(), {
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: null,
      expiresAt: Date.now() + 60_000,
    });
    await expectRefused(await callback(callbackUrl, `${name}=${foreign}`), 'invalid_response', 'flow_invalid');
    const expired = sealOidcFlow(connectionId, {
      state: callbackUrl.searchParams.get('state')!,
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: null,
      expiresAt: Date.now() - 1000,
    });
    await expectRefused(await callback(callbackUrl, `${name}=${expired}`), 'expired', 'flow_expired');
  });

  it('shows the refusal page when the person cancels at the provider (error=access_denied)', async () => {
    const app = new Jar();
    const started = await start();
    app.take(started);
    const provider = new Jar();
    let response = await fetch(started.headers.get('location')!, { redirect: 'manual' });
    provider.take(response);
    const interactionUrl = new URL(response.headers.get('location')!, idp.issuer);
    interactionUrl.searchParams.set('cancel', '1');
    response = await fetch(interactionUrl, { redirect: 'manual', headers: { cookie: provider.header() } });
    expect(response.status).toBe(303);
    response = await fetch(new URL(response.headers.get('location')!, idp.issuer), {
      redirect: 'manual',
      headers: { cookie: provider.header() },
    });
    const callbackUrl = new URL(response.headers.get('location')!);
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    const failure = await expectRefused(await callback(callbackUrl, app.header()), 'idp_error', 'idp_error');
    expect(failure.after).toMatchObject({ error: 'access_denied' });
  });

  it('answers an unknown connection, or another tenant’s, with the refusal page', async () => {
    const someone = person('tenant');
    const { callbackUrl, app } = await throughProvider(someone);
    for (const [tenant, connection] of [
      [other.slug, connectionId],
      [acme.slug, randomUUID()],
      [acme.slug, 'not-a-uuid'],
    ] as const) {
      const response = await callback(callbackUrl, app.header(), connection, tenant);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/sso/refused?reason=connection_unavailable');
      expect(await sessionOf(response)).toBeNull();
    }
    // The real flow still finishes afterwards: nothing above spent it.
    expect(await sessionOf(await callback(callbackUrl, app.header()))).not.toBeNull();
  });
});
