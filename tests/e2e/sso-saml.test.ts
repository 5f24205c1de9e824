import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AC_MFA_REFEDS, startSamlIdp, type SamlTestUser, type TestSamlIdp } from '../support/saml-idp';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, signInPage, watchErrors } from './browser';
import { startServer, type RunningServer } from './server';

// Signing in through a tenant's own SAML 2.0 identity provider, in Chromium against the production build
// (SSO_ALLOW_HTTP=1: the test IdP of tests/support/saml-idp.ts listens on http://127.0.0.1). Acme's admin adds a SAML
// connection from the IdP's metadata URL (operator as the default role); Custos sends the browser to the IdP with an
// AuthnRequest (HTTP-Redirect); the IdP's page posts the signed response to the ACS (HTTP-POST, cross-site); the
// person lands in Acme's console as a member made just in time. The same response sent again, even with the stolen
// cookie of its sign-in, is refused on the plain refusal page and the trail says it was a replay. axe finds no
// critical or serious problem and nothing scrolls sideways, at 1440 and at 390 px.
let server: RunningServer;
let browser: Browser;
let idp: TestSamlIdp;
let adminContext: BrowserContext;
let admin: Page;
let connectionId: string;
const stamp = Date.now().toString(36);
const person = (label: string, extra: Partial<SamlTestUser> = {}): SamlTestUser => {
  const email = `${label}.${stamp}@corp-saml.example`;
  return { nameId: email, email, name: `Ada ${label[0].toUpperCase()}${label.slice(1)}`, ...extra };
};
const errors: string[] = [];

beforeAll(async () => {
  idp = await startSamlIdp();
  server = await startServer({ SSO_ALLOW_HTTP: '1' });
  browser = await launchBrowser();
  adminContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
  admin = await signInPage(adminContext, server.url, 'admin@acme.test', { errors });

  const created = await admin.request.post(`${server.url}/api/v1/tenants/acme/sso-connections`, {
    data: { type: 'saml', name: `Corp SAML ${stamp}`, metadataUrl: idp.metadataUrl, defaultRoles: ['operator'] },
    headers: { origin: server.url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connection = (await created.json()) as { id: string; acsUrl?: string; spEntityId?: string; config: { idpEntityId: string } };
  connectionId = connection.id;
  expect(connection.config.idpEntityId).toBe(idp.entityId);
  expect(connection.acsUrl).toBe(`${server.url}/sso/acme/${connectionId}/saml/acs`);
}, 180_000);

afterAll(async () => {
  await adminContext?.close();
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

describe('a newcomer signs in through the tenant’s SAML identity provider', () => {
  it('the SP metadata names the entity id and the ACS the IdP posts to', async () => {
    const res = await admin.request.get(`${server.url}/sso/acme/${connectionId}/saml/metadata`);
    expect(res.status()).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(`entityID="${server.url}/sso/acme/${connectionId}/saml/metadata"`);
    expect(xml).toContain(`Location="${server.url}/sso/acme/${connectionId}/saml/acs"`);
  });

  for (const viewport of [DESKTOP, PHONE]) {
    it(`at ${viewport.width} px: the IdP's page posts the signed answer, back in the console as a member made just in time`, async () => {
      const user = person(viewport === DESKTOP ? 'lovelace' : 'byron', viewport === PHONE ? { authnContext: AC_MFA_REFEDS } : {});
      idp.user = user;
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      watchErrors(page, errors, `${user.email}: `);
      try {
        await page.goto(`${server.url}/sso/acme/${connectionId}/start?returnTo=${encodeURIComponent('/t/acme/members')}`);
        await page.waitForURL((url) => url.origin === idp.baseUrl);
        // The AuthnRequest arrived with the return path as RelayState.
        expect(idp.requests.at(-1)?.relayState).toBe('/t/acme/members');
        await page.screenshot({ path: artifactPath(`sso-saml-idp-${viewport.width}.png`) });
        await page.getByRole('button', { name: `Sign in as ${user.email}` }).click();
        await page.waitForURL((url) => url.origin === server.url && url.pathname === '/t/acme/members');
        await page.getByRole('navigation').first().waitFor();
        await checkPage(page, 'console after SAML sign-in', { sizes: [viewport] });
        await page.screenshot({ path: artifactPath(`sso-saml-signed-in-${viewport.width}.png`) });
        const me = await page.request.get(`${server.url}/api/v1/me`);
        expect(me.status()).toBe(200);
        expect(JSON.stringify(await me.json())).toContain(user.email);
      } finally {
        await context.close();
      }
    });
  }

  it('the member has the connection’s default role, and the trail says how they came in', async () => {
    const email = person('lovelace').email!;
    const res = await admin.request.get(`${server.url}/api/v1/tenants/acme/members?q=${encodeURIComponent(email)}`);
    expect(res.status()).toBe(200);
    const [member] = ((await res.json()) as { data: Array<{ user: { email: string; name: string }; roles: Array<{ name: string }> }> })
      .data;
    expect(member.user).toMatchObject({ email, name: 'Ada Lovelace' });
    expect(member.roles.map((r) => r.name)).toEqual(['operator']);
    const trail = await admin.request.get(`${server.url}/api/v1/tenants/acme/audit-events?action=sso.signed_in&limit=20`);
    expect(trail.status()).toBe(200);
    expect(JSON.stringify(await trail.json())).toContain(connectionId);
  });

  it('the same response sent again is refused in the browser, even with the stolen cookie of its sign-in', async () => {
    const user = person('replayed');
    idp.user = user;
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    watchErrors(page, errors, 'replay: ');
    let flowCookies: Cookie[] = [];
    try {
      await page.goto(`${server.url}/sso/acme/${connectionId}/start`);
      await page.waitForURL((url) => url.origin === idp.baseUrl);
      // An attacker who copied both the sign-in's cookie and the IdP's answer.
      flowCookies = (await context.cookies(server.url + `/sso/acme/${connectionId}/saml/acs`)).filter((c) =>
        c.name.startsWith('custos-saml-'),
      );
      expect(flowCookies).toHaveLength(1);
      expect(flowCookies[0].httpOnly).toBe(true);
      await page.getByRole('button', { name: `Sign in as ${user.email}` }).click();
      await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/t/acme'));
    } finally {
      await context.close();
    }

    const attacker = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    await attacker.addCookies(flowCookies);
    const replay = await attacker.newPage();
    watchErrors(replay, errors, 'attacker: ');
    try {
      await replay.goto(`${idp.baseUrl}/replay`);
      await replay.getByRole('button', { name: 'Send the same response again' }).click();
      await replay.waitForURL((url) => url.origin === server.url && url.pathname === '/sso/refused');
      expect(new URL(replay.url()).searchParams.get('reason')).toBe('invalid_response');
      await replay.getByRole('heading', { name: 'The answer from your company sign-in was not accepted' }).waitFor();
      await checkPage(replay, 'refusal page after a replay', { sizes: [PHONE, DESKTOP] });
      await replay.screenshot({ path: artifactPath('sso-saml-replay-refused.png') });
      // Not signed in.
      expect((await replay.request.get(`${server.url}/api/v1/me`)).status()).toBe(401);
    } finally {
      await attacker.close();
    }

    // And without the cookie (a browser that never started a sign-in) it is refused too.
    const stranger = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const other = await stranger.newPage();
    try {
      await other.goto(`${idp.baseUrl}/replay`);
      await other.getByRole('button', { name: 'Send the same response again' }).click();
      await other.waitForURL((url) => url.origin === server.url && url.pathname === '/sso/refused');
      expect(new URL(other.url()).searchParams.get('reason')).toBe('expired');
      await checkPage(other, 'refusal page without a started sign-in', { sizes: [PHONE] });
    } finally {
      await stranger.close();
    }

    const trail = await admin.request.get(`${server.url}/api/v1/tenants/acme/audit-events?action=sso.sign_in_failed&limit=20`);
    expect(trail.status()).toBe(200);
    const text = JSON.stringify(await trail.json());
    expect(text).toContain('replayed');
    expect(text).toContain('no_sign_in_started');
    // Nothing of the assertion on the trail.
    expect(text).not.toContain(user.email);
  });

  it('no page met an error', () => {
    expect(errors).toEqual([]);
  });
});
