import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustStock, startDownstreamService, type DownstreamService } from '../support/downstream-service';
import { startRelyingParty, type CompletedSignIn, type RelyingParty } from '../support/relying-party-app';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, submitSignInForm, watchErrors } from './browser';
import { startServer, type RunningServer } from './server';

// Custos as the OpenID Provider of a downstream inventory system, in Chromium against the production build, with
// counterparts nobody here wrote: openid-client v6 (panva's certified relying party) is the system's sign-in
// (tests/support/relying-party-app.ts), and the system's API verifies Custos's tokens offline with jose's
// createRemoteJWKSet (tests/support/downstream-service.ts), enforcing `<system>:stock.adjust`.
//
// Acme's admin makes, through the API, a tenant of the test's own (so seats and settings of the shared tenants stay
// as they are on the database CI shares across browser test files), a system `ims-<stamp>` with `stock.adjust`, a
// role of that system granting it, a new member holding that role (invited, joining with a new account), and a
// confidential first-party client whose redirect URI is the relying party. Then: sign-in through Custos's sign-in
// page → code → tokens, ID token and userinfo; the system's JWT (the refresh with the system's resource indicator)
// accepted offline; an explicit deny → introspection says so at once and the next refresh's token is refused
// downstream; revocation → the refresh token is dead and introspects inactive; client credentials → a system JWT
// verified offline; a third-party client shows Custos's consent page once (and a denial reaches the system as
// access_denied); an inactive system's client is refused. At the end the platform admin wipes the test's tenant out.

let server: RunningServer;
let browser: Browser;
let ims: DownstreamService;
let rp: RelyingParty;
let memberContext: BrowserContext;
const errors: string[] = [];
const stamp = Date.now().toString(36);
const tenant = `rp-${stamp}`;
const systemSlug = `ims-${stamp}`;
const resource = `urn:custos:system:${systemSlug}`;
const permission = `${systemSlug}:stock.adjust`;
const roleName = `Stock clerk ${stamp}`;
const member = { email: `clerk.${stamp}@example.test`, name: 'Chiara Clerk', password: 'quiet warehouses count their pallets twice' };
let adminToken: string;
let memberId: string;

/** Acme's admin on the API with a bearer token (`POST /api/v1/auth/token`). */
async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok<T>(response: Promise<Response>, status: number): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/** The OAuth error code a rejected openid-client call carries (in the body, or in a WWW-Authenticate challenge). */
async function oauthError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const e = error as { error?: string; cause?: Array<{ parameters?: { error?: string } }> };
    return e.error ?? e.cause?.[0]?.parameters?.error ?? String(error);
  }
  throw new Error('the call succeeded');
}

/** A confidential client of a system, registered with the relying party's redirect URI. */
async function createClient(slug: string, redirectUri: string | null, extra: Record<string, unknown> = {}) {
  return ok<{ clientId: string; clientSecret: string }>(
    api('POST', `/tenants/${tenant}/systems/${slug}/clients`, {
      name: `IMS web ${stamp}`,
      type: 'confidential',
      redirectUris: redirectUri ? [redirectUri] : [],
      ...(redirectUri ? {} : { grantTypes: ['client_credentials'] }),
      ...extra,
    }),
    201,
  );
}

/** The invitation link of the newest mail to `to` (dev mailbox). */
async function invitationToken(to: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${server.url}/api/dev/mail?to=${encodeURIComponent(to)}`);
    if (res.ok) {
      const mails = (await res.json()) as Array<{ links: string[] }>;
      const link = mails.flatMap((m) => m.links).find((l) => l.includes('/invite/'));
      if (link) return link.split('/invite/')[1];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no invitation mail for ${to}`);
}

/** Starts a sign-in at the relying party in `page` and resolves once the browser is back at its redirect URI. */
async function signInAtRelyingParty(page: Page, party: RelyingParty, options: { expectSignInPage: boolean }): Promise<CompletedSignIn> {
  const before = party.signIns.length;
  await page.goto(party.loginUrl);
  if (options.expectSignInPage) {
    await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/sign-in'));
    await submitSignInForm(page, member.email, member.password);
  }
  await page.waitForURL((url) => url.href.startsWith(party.redirectUri));
  await page.getByRole('heading', { name: 'Signed in to the inventory system' }).waitFor();
  expect(party.failures).toEqual([]);
  expect(party.signIns.length).toBe(before + 1);
  return party.signIns.at(-1)!;
}

beforeAll(async () => {
  server = await startServer({ DEV_MAILBOX: '1' });
  browser = await launchBrowser();
  const signedIn = await fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'custos-demo-pass' }),
  });
  expect(signedIn.status).toBe(200);
  adminToken = ((await signedIn.json()) as { accessToken: string }).accessToken;

  await ok(api('POST', '/tenants', { slug: tenant, name: `RP test ${stamp}` }), 201);
  await ok(
    api('POST', `/tenants/${tenant}/systems`, { slug: systemSlug, name: 'Inventory', permissions: ['stock.adjust', 'stock.read'] }),
    201,
  );
  const role = await ok<{ id: string }>(
    api('POST', `/tenants/${tenant}/roles`, { name: roleName, system: systemSlug, permissions: [permission, `${systemSlug}:stock.read`] }),
    201,
  );
  await ok(api('POST', `/tenants/${tenant}/invitations`, { email: member.email, roles: [role.id] }), 201);
  const token = await invitationToken(member.email);
  const accepted = await fetch(`${server.url}/api/v1/invitations/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: member.name, password: member.password }),
  });
  expect(accepted.status, await accepted.clone().text()).toBeLessThan(300);
  const members = await ok<{ data: Array<{ id: string; user: { id: string; email: string } }> }>(
    api('GET', `/tenants/${tenant}/members?q=${encodeURIComponent(member.email)}`),
    200,
  );
  memberId = members.data.find((m) => m.user.email === member.email)!.id;

  rp = await startRelyingParty({ issuer: server.url, register: (redirectUri) => createClient(systemSlug, redirectUri) });
  ims = await startDownstreamService({ issuer: server.url, audience: rp.clientId, tenant, systemSlug });
  memberContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
}, 180_000);

afterAll(async () => {
  await memberContext?.close();
  await browser?.close();
  await rp?.close();
  await ims?.close();
  await server?.stop();
});

describe('a downstream system signs its people in with Custos and trusts its tokens offline', () => {
  let signIn: CompletedSignIn;
  let refreshToken: string;
  let systemJwt: string;

  it('a signed-out member goes through Custos’s sign-in page and comes back with validated tokens and userinfo', async () => {
    const page = await memberContext.newPage();
    watchErrors(page, errors, 'member: ');
    await page.goto(rp.loginUrl);
    await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/sign-in'));
    // The sign-in page says which application the person continues to.
    expect(await page.getByTestId('sign-in-application').textContent()).toBe(`to continue to IMS web ${stamp} (Inventory)`);
    await page.screenshot({ path: artifactPath('oidc-provider-sign-in.png') });
    await submitSignInForm(page, member.email, member.password);
    await page.waitForURL((url) => url.href.startsWith(rp.redirectUri));
    await page.getByRole('heading', { name: 'Signed in to the inventory system' }).waitFor();
    expect(rp.failures).toEqual([]);
    await page.screenshot({ path: artifactPath('oidc-provider-back-at-system.png') });
    signIn = rp.signIns.at(-1)!;

    // openid-client validated the ID token (signature against the JWKS, iss, aud, nonce, exp); its claims:
    expect(signIn.idToken.iss).toBe(server.url);
    expect(signIn.idToken.aud).toContain(rp.clientId);
    expect(signIn.idToken).toMatchObject({ email: member.email, name: member.name });
    expect(decodeProtectedHeader(signIn.tokens.id_token!).alg).toMatch(/^(ES256|EdDSA)$/);
    expect(signIn.userinfo).toMatchObject({ sub: signIn.idToken.sub, email: member.email, name: member.name });
    expect(signIn.tokens.refresh_token).toBeTruthy();
    refreshToken = signIn.tokens.refresh_token!;
    await page.close();
  });

  it('the refresh with the system’s resource indicator gives its JWT: verified offline, stock.adjust allowed', async () => {
    const refreshed = await rp.refresh(refreshToken, { resource });
    systemJwt = refreshed.access_token;
    refreshToken = refreshed.refresh_token ?? refreshToken;
    expect(decodeProtectedHeader(systemJwt)).toMatchObject({ typ: 'at+jwt' });
    const claims = decodeJwt(systemJwt);
    expect(claims).toMatchObject({ iss: server.url, aud: rp.clientId, tenant, sub: signIn.idToken.sub });
    expect(claims.roles).toContain(roleName);
    expect(claims.permissions).toEqual(expect.arrayContaining([permission]));
    // Only this system's keys: nothing of Custos's own catalog.
    expect((claims.permissions as string[]).every((p) => p.startsWith(`${systemSlug}:`))).toBe(true);

    const verifiedBefore = ims.verified;
    expect(await adjustStock(ims, systemJwt)).toMatchObject({ status: 200, body: { adjusted: true, tenant } });
    expect(ims.verified).toBe(verifiedBefore + 1);
    // The ID token is signed by the same keys for the same audience, but it is no access token (typ): refused.
    expect((await adjustStock(ims, signIn.tokens.id_token!)).status).toBe(401);
    expect(ims.failures.at(-1)?.reason).toMatch(/typ/);
  });

  it('an explicit deny: introspection shows the permission gone at once, the next refresh’s token is refused downstream', async () => {
    await ok(api('PUT', `/tenants/${tenant}/members/${memberId}/overrides`, { grant: [], deny: [permission] }), 200);

    // The token issued before the deny still verifies offline (it is self-contained), but introspection answers
    // from the member's current state.
    const introspected = await rp.introspect(systemJwt);
    expect(introspected.active).toBe(true);
    expect(introspected.permissions ?? []).not.toContain(permission);

    const refreshed = await rp.refresh(refreshToken, { resource });
    refreshToken = refreshed.refresh_token ?? refreshToken;
    const denied = refreshed.access_token;
    expect(decodeJwt(denied).permissions ?? []).not.toContain(permission);
    const refusalsBefore = ims.refusals;
    expect((await adjustStock(ims, denied)).status).toBe(403);
    expect(ims.refusals).toBe(refusalsBefore + 1);

    // Lifting the deny gives it back at the next refresh.
    await ok(api('PUT', `/tenants/${tenant}/members/${memberId}/overrides`, { grant: [], deny: [] }), 200);
    const restored = await rp.refresh(refreshToken, { resource });
    refreshToken = restored.refresh_token ?? refreshToken;
    systemJwt = restored.access_token;
    expect((await adjustStock(ims, systemJwt)).status).toBe(200);
  });

  it('revocation: a revoked system JWT introspects inactive; a revoked refresh token no longer works and its grant ends', async () => {
    // The access token alone: inactive at once, the refresh token it came with still good.
    expect((await rp.introspect(systemJwt)).active).toBe(true);
    await rp.revoke(systemJwt);
    expect((await rp.introspect(systemJwt)).active).toBe(false);
    expect((await rp.introspect(refreshToken)).active).toBe(true);
    const refreshed = await rp.refresh(refreshToken, { resource });
    refreshToken = refreshed.refresh_token ?? refreshToken;
    systemJwt = refreshed.access_token;
    expect((await rp.introspect(systemJwt)).active).toBe(true);

    // The refresh token: it cannot be used again, and (RFC 7009 §2.1) the access tokens of its grant end with it.
    await rp.revoke(refreshToken);
    expect((await rp.introspect(refreshToken)).active).toBe(false);
    expect(await oauthError(rp.refresh(refreshToken, { resource }))).toBe('invalid_grant');
    expect((await rp.introspect(systemJwt)).active).toBe(false);
  });

  it('client credentials: the system’s JWT for the client itself, verified offline', async () => {
    const granted = await rp.clientCredentials();
    const claims = await ims.verify(granted.access_token);
    expect(claims).toMatchObject({ iss: server.url, aud: rp.clientId, tenant });
    expect(decodeProtectedHeader(granted.access_token).typ).toBe('at+jwt');
    const introspected = await rp.introspect(granted.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: rp.clientId });
  });

  it('a third-party client asks for consent on Custos’s page once, at 1440 and 390 px; the decision is remembered', async () => {
    const thirdParty = await startRelyingParty({
      issuer: server.url,
      register: (redirectUri) => createClient(systemSlug, redirectUri, { name: `Partner portal ${stamp}`, firstParty: false }),
    });
    try {
      // The member is still signed in at Custos in this browser: no sign-in page, but the consent page.
      const page = await memberContext.newPage();
      watchErrors(page, errors, 'consent: ');
      await page.goto(thirdParty.loginUrl);
      await page.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith('/sign-in'));
      // Custos's own page names the client and the system, and what it will see.
      await page.getByRole('heading', { name: `Allow Partner portal ${stamp}?` }).waitFor();
      expect(page.url()).toContain('/consent/');
      await expect.poll(() => page.getByRole('main').textContent()).toContain(member.email);
      await page.getByRole('button', { name: 'Deny' }).waitFor();
      const allow = page.getByRole('button', { name: `Allow Partner portal ${stamp}` });
      await checkPage(page, 'consent page', { sizes: [DESKTOP, PHONE] });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: artifactPath('oidc-provider-consent-390.png'), fullPage: true });
      await page.setViewportSize(DESKTOP);
      await page.screenshot({ path: artifactPath('oidc-provider-consent-1440.png'), fullPage: true });
      await allow.click();
      await page.waitForURL((url) => url.href.startsWith(thirdParty.redirectUri));
      await page.getByRole('heading', { name: 'Signed in to the inventory system' }).waitFor();
      expect(thirdParty.failures).toEqual([]);
      expect(thirdParty.signIns).toHaveLength(1);

      // Again: remembered, straight back to the system.
      await signInAtRelyingParty(page, thirdParty, { expectSignInPage: false });
      await page.close();
    } finally {
      await thirdParty.close();
    }
  });

  it('a third-party client the member denies gets access_denied and no tokens', async () => {
    const denied = await startRelyingParty({
      issuer: server.url,
      register: (redirectUri) => createClient(systemSlug, redirectUri, { name: `Unwanted portal ${stamp}`, firstParty: false }),
    });
    try {
      const page = await memberContext.newPage();
      watchErrors(page, errors, 'deny: ');
      await page.goto(denied.loginUrl);
      await page.getByRole('heading', { name: `Allow Unwanted portal ${stamp}?` }).waitFor();
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Sign-in to the inventory system failed' }).waitFor();
      expect(denied.signIns).toHaveLength(0);
      expect(denied.failures).toEqual([expect.stringMatching(/^access_denied/)]);
      await page.close();
    } finally {
      await denied.close();
    }
  });

  it('a signed-out browser on a phone goes through the sign-in page and comes back', async () => {
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      watchErrors(page, errors, 'phone: ');
      const again = await signInAtRelyingParty(page, rp, { expectSignInPage: true });
      expect(again.idToken.sub).toBe(signIn.idToken.sub);
      await page.screenshot({ path: artifactPath('oidc-provider-back-at-system-390.png') });
    } finally {
      await context.close();
    }
  });

  it('an inactive system: its client is refused', async () => {
    const slug = `ims-off-${stamp}`;
    await ok(api('POST', `/tenants/${tenant}/systems`, { slug, name: 'Retired inventory', permissions: ['stock.adjust'] }), 201);
    const off = await startRelyingParty({ issuer: server.url, register: (redirectUri) => createClient(slug, redirectUri) });
    try {
      expect((await off.clientCredentials()).access_token).toBeTruthy();
      await ok(api('PATCH', `/tenants/${tenant}/systems/${slug}`, { active: false }), 200);
      expect(await oauthError(off.clientCredentials())).toBe('invalid_client');

      // Its sign-in is refused too: Custos's plain error page (an unknown client cannot be sent back), never a code.
      const page = await memberContext.newPage();
      await page.goto(off.loginUrl);
      await page.getByRole('heading', { name: 'Sign-in not completed' }).waitFor();
      expect(new URL(page.url()).origin).toBe(server.url);
      expect(off.signIns).toHaveLength(0);
      await page.close();
    } finally {
      await off.close();
    }
  });

  it('no page met an uncaught error or a 5xx', () => {
    expect(errors).toEqual([]);
  });

  it('the test’s tenant is wiped out afterwards by a platform admin (the shared database keeps nothing of it)', async () => {
    const root = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@custos.test', password: 'custos-demo-pass' }),
    });
    expect(root.status).toBe(200);
    const { accessToken } = (await root.json()) as { accessToken: string };
    const wiped = await fetch(`${server.url}/api/v1/admin/tenants/${tenant}?confirm=${tenant}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(wiped.status, await wiped.text()).toBeLessThan(300);
    // Its system is gone, and with it every client: the relying party's client id is unknown now.
    expect(await oauthError(rp.clientCredentials())).toBe('invalid_client');
  });
});
