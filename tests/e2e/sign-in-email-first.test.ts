import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-idp';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, newAccount, signInPage, toast, watchErrors } from './browser';
import { startServer, type RunningServer } from './server';

// Verified domains, email-first sign-in and "SSO required", in Chromium against the production build (SSO_ALLOW_HTTP=1,
// the test OpenID Provider is panva's oidc-provider on a local port). Acme's admin claims a domain in the single
// sign-on settings and sees the TXT record to publish and why DNS did not prove it; a platform admin verifies it
// without DNS. On the sign-in page an address of that domain gives the password field way to "Continue with your
// company account" and goes to the provider; other addresses keep the password. With "SSO required" on, a person of
// the domain who signed in with a password meets a page telling them to use their company account (the API answers
// 403 sso_required), and its link takes them through the provider into the console. axe finds no critical or serious
// problem and nothing scrolls sideways, at 1440 and 390 px.
let server: RunningServer;
let browser: Browser;
let idp: TestOidcProvider;
let adminContext: BrowserContext;
let rootContext: BrowserContext;
let admin: Page;
let root: Page;
const stamp = Date.now().toString(36);
const domain = `corp-${stamp}.example`;
const clientId = `custos-domains-${stamp}`;
const clientSecret = `domains-secret-${stamp}-${Math.random().toString(36).slice(2)}`;
const eve = { sub: `eve-${stamp}`, email: `eve.${stamp}@${domain}`, name: 'Eve Curie', password: `idp-pass-${stamp}` };
const evePassword = 'quartz lantern meadow violet 42!';
const errors: string[] = [];

const post = (page: Page, path: string, data?: unknown) =>
  page.request.post(`${server.url}${path}`, { data, headers: { origin: server.url } });

beforeAll(async () => {
  idp = await startOidcProvider({
    client: { clientId, clientSecret, redirectUris: ['http://127.0.0.1/placeholder'] },
    accounts: [{ ...eve, amr: ['pwd'] }],
  });
  server = await startServer({ SSO_ALLOW_HTTP: '1', DEV_MAILBOX: '1' });
  browser = await launchBrowser();
  adminContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
  rootContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
  admin = await signInPage(adminContext, server.url, 'admin@acme.test', { errors });
  root = await signInPage(rootContext, server.url, 'root@custos.test', { errors });
  const created = await post(admin, '/api/v1/tenants/acme/sso-connections', {
    type: 'oidc',
    name: `Corp ${stamp}`,
    issuer: idp.issuer,
    clientId,
    clientSecret,
    defaultRoles: ['viewer'],
  });
  expect(created.status(), await created.text()).toBe(201);
  const connection = (await created.json()) as { id: string; redirectUri: string };
  await idp.setRedirectUris([connection.redirectUri]);
  // Email-first sign-in sends a verified domain's people to the tenant's oldest enabled connection: on a database shared
  // with other browser tests, Acme may hold their connections (to identity providers no longer running), so only this
  // file's connection stays on.
  const listed = (await (await admin.request.get(`${server.url}/api/v1/tenants/acme/sso-connections`)).json()) as
    { items: { id: string; enabled: boolean }[] } | { id: string; enabled: boolean }[];
  for (const other of Array.isArray(listed) ? listed : listed.items) {
    if (other.id === connection.id || !other.enabled) continue;
    const off = await admin.request.patch(`${server.url}/api/v1/tenants/acme/sso-connections/${other.id}`, {
      data: { enabled: false },
      headers: { origin: server.url },
    });
    expect(off.status(), await off.text()).toBe(200);
  }
  // Eve has a Custos password of her own (an account made before her company turned on SSO).
  const anonymous = await browser.newContext();
  await newAccount(anonymous.request, server.url, { email: eve.email, password: evePassword, name: eve.name });
  await anonymous.close();
}, 180_000);

afterAll(async () => {
  await adminContext?.close();
  await rootContext?.close();
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

/** Sign in at the provider's own form (the address is passed on as login_hint), then back in Acme's console. */
async function signInAtProvider(page: Page) {
  await page.waitForURL((url) => url.origin === idp.issuer);
  await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(eve.email);
  await page.getByLabel('Password').fill(eve.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/t/acme'));
  await page.getByRole('navigation').first().waitFor();
}

/** A password session straight through Auth.js's credentials sign-in (what the sign-in action does), not the page. */
async function passwordSession(request: APIRequestContext) {
  const csrf = (await (await request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await request.post(`${server.url}/api/auth/callback/credentials`, {
    form: { email: eve.email, password: evePassword, csrfToken: csrf.csrfToken, callbackUrl: `${server.url}/` },
    headers: { origin: server.url },
    maxRedirects: 0,
  });
  expect(res.status(), await res.text()).toBeLessThan(400);
  expect(res.headers().location ?? '').not.toContain('error');
}

describe('verified domains', () => {
  it('an admin claims a domain in the single sign-on settings: the TXT record to publish, and why DNS did not prove it', async () => {
    await admin.goto(`${server.url}/t/acme/settings/sso`);
    await admin.locator('[aria-labelledby="domains-title"]').waitFor();
    await admin.getByLabel('Domain', { exact: true }).fill('gmail.com');
    await admin.getByRole('button', { name: 'Add domain' }).click();
    await admin.getByText('A public mail service cannot be claimed').waitFor();
    await admin.getByLabel('Domain', { exact: true }).fill(domain.toUpperCase());
    await admin.getByRole('button', { name: 'Add domain' }).click();
    const item = admin.getByTestId('domain-item').filter({ hasText: domain });
    await item.getByText(`_custos-challenge.${domain}`).waitFor();
    await item.getByText(/^custos-domain-verification=/).waitFor();
    await item.getByText('Waiting for its DNS record').waitFor();
    // Nobody published the record: the answer says so beside the domain.
    await item.getByRole('button', { name: 'Verify' }).click();
    await item
      .getByRole('alert')
      .filter({ hasText: /No TXT record was found|DNS lookup/ })
      .waitFor();
    // SSO required is not offered without a verified domain.
    expect(await admin.getByLabel('Require SSO for people on these domains').isDisabled()).toBe(true);
    await admin.getByText('Verify a domain first').waitFor();
    await checkPage(admin, 'single sign-on settings with an unverified domain', { sizes: [PHONE, DESKTOP] });
    await admin.screenshot({ path: artifactPath('domains-settings.png'), fullPage: true });
  });

  it('a platform admin verifies it without DNS; the settings show it verified', async () => {
    const list = (await (await admin.request.get(`${server.url}/api/v1/tenants/acme/domains`)).json()) as {
      data: Array<{ id: string; domain: string }>;
    };
    const id = list.data.find((d) => d.domain === domain)!.id;
    const refused = await post(admin, `/api/v1/admin/tenants/acme/domains/${id}/verify`);
    expect(refused.status()).toBe(403);
    const verified = await post(root, `/api/v1/admin/tenants/acme/domains/${id}/verify`);
    expect(verified.status(), await verified.text()).toBe(200);
    await admin.reload();
    await admin.getByTestId('domain-item').filter({ hasText: domain }).getByText('Verified by a platform admin').waitFor();
    expect(await admin.getByLabel('Require SSO for people on these domains').isDisabled()).toBe(false);
  });
});

describe('email-first sign-in', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`at ${viewport.width} px: an address of the domain continues to the company sign-in page; others keep the password`, async () => {
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      watchErrors(page, errors, `sign-in ${viewport.width}: `);
      try {
        await page.goto(`${server.url}/sign-in`);
        await page.getByLabel('Email', { exact: true }).fill('admin@acme.test');
        await page.waitForTimeout(800); // past the lookup's pause: an address without SSO keeps the password
        expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
        await page.getByLabel('Email', { exact: true }).fill(eve.email);
        await page.getByRole('button', { name: 'Continue with your company account' }).waitFor();
        expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(false);
        await page.getByText('Your organisation signs in with its own company account').waitFor();
        await checkPage(page, 'sign-in page, address of a verified domain', { sizes: [viewport] });
        await page.screenshot({ path: artifactPath(`sign-in-email-first-${viewport.width}.png`) });
        await page.getByRole('button', { name: 'Continue with your company account' }).click();
        if (viewport === PHONE) {
          await page.waitForURL((url) => url.origin === idp.issuer);
        } else {
          await signInAtProvider(page);
          const me = await page.request.get(`${server.url}/api/v1/me`);
          expect(JSON.stringify(await me.json())).toContain(eve.email);
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('SSO required', () => {
  it('refuses a password session of the domain with a page leading to the company sign-in, which lets them in', async () => {
    await admin.goto(`${server.url}/t/acme/settings/sso`);
    await admin.getByLabel('Require SSO for people on these domains').click();
    await toast(admin, 'SSO is now required').waitFor();

    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    watchErrors(page, errors, 'sso required: ');
    try {
      await passwordSession(context.request);
      await page.goto(`${server.url}/t/acme`);
      await page.getByRole('heading', { name: 'Sign in with your company account' }).waitFor();
      await checkPage(page, 'SSO required page', { sizes: [PHONE, DESKTOP] });
      await page.screenshot({ path: artifactPath('sso-required.png') });
      const api = await page.request.get(`${server.url}/api/v1/tenants/acme`);
      expect(api.status()).toBe(403);
      expect(((await api.json()) as { code: string }).code).toBe('sso_required');
      await page.getByRole('link', { name: 'Sign in with your company account' }).click();
      await signInAtProvider(page);
      expect(await page.getByTestId('sso-required-page').count()).toBe(0);
      const after = await page.request.get(`${server.url}/api/v1/tenants/acme`);
      expect(((await after.json()) as { code?: string }).code).not.toBe('sso_required');
    } finally {
      await context.close();
      await admin.goto(`${server.url}/t/acme/settings/sso`);
      await admin.getByLabel('Require SSO for people on these domains').click();
      await toast(admin, 'SSO is no longer required').waitFor();
    }
    expect(errors).toEqual([]);
  });
});
