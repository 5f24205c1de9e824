import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The single sign-on settings page in Chromium against the production build: the admin reaches it from the settings
// sub-navigation, adds an OpenID Connect provider that the server checks against a real OpenID Provider (oidc-provider
// on a local port, SSO_ALLOW_HTTP=1) with a default role and a group → team row, adds a SAML provider from pasted
// metadata (an openssl certificate), copies nothing secret (the client secret never comes back), turns one off,
// changes and removes one; axe finds no critical or serious problem and nothing scrolls sideways, at 1440 and 390 px.
let server: RunningServer;
let browser: Browser;
let idp: Server;
let issuer: string;
let certificate: string;
const clientSecret = `e2e-secret-${Date.now()}`;

beforeAll(async () => {
  idp = createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'custos-e2e', client_secret: clientSecret, redirect_uris: ['http://127.0.0.1/cb'] }],
  });
  const handle = provider.callback();
  idp.on('request', (req, res) => void handle(req, res));
  certificate = execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=e2e-idp', '-days', '2'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  )
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  server = await startServer({ SSO_ALLOW_HTTP: '1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => (idp ? idp.close(() => resolve()) : resolve()));
});

const metadataXml = () => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.e2e.example/metadata">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.e2e.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const card = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

describe('single sign-on settings', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  const suffix = Date.now().toString(36);
  const oidcName = `Entra ${suffix}`;
  const samlName = `Okta ${suffix}`;
  let teamName: string;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
    teamName = `QA Berlin ${suffix}`;
    const team = await admin.request.post(`${server.url}/api/v1/tenants/acme/teams`, {
      data: { name: teamName },
      headers: { origin: server.url },
    });
    expect(team.status()).toBe(201);
  });
  afterAll(() => context?.close());

  it('is reached from the settings sub-navigation, and fits a phone', async () => {
    await admin.goto(`${server.url}/t/acme/settings`);
    const nav = admin.getByRole('navigation', { name: 'Settings sections' });
    expect(await nav.getByRole('link', { name: 'General' }).getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: 'Single sign-on' }).click();
    await admin.waitForURL(`${server.url}/t/acme/settings/sso`);
    await admin.getByRole('heading', { name: 'Single sign-on', level: 1 }).waitFor();
    expect(
      await admin
        .getByRole('navigation', { name: 'Settings sections' })
        .getByRole('link', { name: 'Single sign-on' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await admin.getByRole('heading', { name: 'Identity providers' }).waitFor();
    await checkPage(admin, 'single sign-on page', { sizes: [DESKTOP, PHONE] });
  });

  it('adds an OpenID Connect provider checked against the real provider, refusing a missing secret beside its field', async () => {
    await admin.getByRole('button', { name: 'Add identity provider' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Add identity provider' });
    await dialog.getByLabel('Name').fill(oidcName);
    await dialog.getByLabel('Issuer URL').fill(issuer);
    await dialog.getByLabel('Client ID').fill('custos-e2e');
    await dialog.getByRole('checkbox', { name: 'viewer' }).check();
    await dialog.getByRole('button', { name: 'Add a group' }).click();
    await dialog.getByLabel('Group 1', { exact: true }).fill('qa-berlin');
    await dialog.getByLabel('Team for group 1').selectOption({ label: teamName });
    await dialog.getByRole('button', { name: 'Add identity provider' }).click();
    await dialog.getByText('Enter the client secret.').waitFor();
    await checkPage(admin, 'add identity provider dialog', { sizes: [DESKTOP, PHONE] });

    // An issuer nobody answers at: the server names the field.
    await dialog.getByLabel('Client secret').fill(clientSecret);
    await dialog.getByLabel('Issuer URL').fill('http://127.0.0.1:9/nobody');
    await dialog.getByRole('button', { name: 'Add identity provider' }).click();
    await dialog.getByText(/discovery document/).waitFor();

    await dialog.getByLabel('Issuer URL').fill(issuer);
    await dialog.getByRole('button', { name: 'Add identity provider' }).click();
    await toast(admin, `${oidcName} added`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const oidc = card(admin, oidcName);
    await oidc.getByText('OpenID Connect').waitFor();
    await oidc.getByText(/New people become members at their first sign-in with viewer/).waitFor();
    expect(await oidc.locator('code').first().textContent()).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/sso\/acme\/[0-9a-f-]{36}\/oidc\/callback$/,
    );
    const listed = await (await admin.request.get(`${server.url}/api/v1/tenants/acme/sso-connections`)).text();
    expect(listed).toContain(oidcName);
    expect(listed).not.toContain(clientSecret);
    await admin.screenshot({ path: artifactPath('sso-settings-oidc.png'), fullPage: true });
  });

  it('adds a SAML provider from pasted metadata and shows the addresses to register', async () => {
    await admin.getByRole('button', { name: 'Add identity provider' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Add identity provider' });
    await dialog.getByLabel('SAML 2.0').check();
    await dialog.getByLabel('Name').fill(samlName);
    await dialog.locator('textarea').fill('<html>not metadata</html>');
    await dialog.getByRole('button', { name: 'Add identity provider' }).click();
    await dialog.locator('[data-slot="field-error"]').first().waitFor();
    await dialog.locator('textarea').fill(metadataXml());
    await dialog.getByRole('button', { name: 'Add identity provider' }).click();
    await toast(admin, `${samlName} added`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const saml = card(admin, samlName);
    await saml.getByText('Reply URL (ACS)').waitFor();
    const codes = await saml.locator('code').allTextContents();
    expect(codes.some((c) => /\/sso\/acme\/[0-9a-f-]{36}\/saml\/acs$/.test(c))).toBe(true);
    expect(codes.some((c) => /\/saml\/metadata$/.test(c))).toBe(true);
    await checkPage(admin, 'single sign-on page with providers', { sizes: [DESKTOP, PHONE] });
    await admin.setViewportSize(PHONE);
    await admin.screenshot({ path: artifactPath('sso-settings-phone.png'), fullPage: true });
    await admin.setViewportSize(DESKTOP);
  });

  it('turns a provider off, changes it and removes it with a confirmation', async () => {
    const oidc = card(admin, oidcName);
    await oidc.getByRole('button', { name: `Turn off ${oidcName}` }).click();
    await toast(admin, `${oidcName} is off`).waitFor();
    await oidc.getByText('Off', { exact: true }).waitFor();

    await oidc.getByRole('button', { name: `Change ${oidcName}` }).click();
    const dialog = admin.getByRole('dialog', { name: `Change ${oidcName}` });
    await dialog.getByLabel('Name').fill(`${oidcName} renamed`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await toast(admin, `${oidcName} renamed saved`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const renamed = card(admin, `${oidcName} renamed`);
    await renamed.getByRole('button', { name: `Remove ${oidcName} renamed` }).click();
    const confirm = admin.getByRole('dialog', { name: `Remove ${oidcName} renamed?` });
    await checkPage(admin, 'remove confirmation');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await toast(admin, `${oidcName} renamed removed`).waitFor();
    await renamed.waitFor({ state: 'detached' });
    await loaded(admin);
    expect(errors).toEqual([]);
  });
});

describe('the SSO refusal page', () => {
  it('says in plain words why a sign-in was refused, reached from an unknown connection too; fits a phone, axe clean', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/sso/refused?reason=seats_full`);
      await page.getByRole('heading', { name: 'No seat left' }).waitFor();
      await page.getByText(/Ask your administrator to free a seat/).waitFor();
      await checkPage(page, 'refusal page', { sizes: [DESKTOP, PHONE] });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: artifactPath('sso-refused-phone.png'), fullPage: true });

      // Starting a sign-in through a connection that does not exist lands on the same page, never an error.
      await page.goto(`${server.url}/sso/acme/00000000-0000-4000-8000-000000000000/start`);
      await page.waitForURL(/\/sso\/refused\?reason=connection_unavailable$/);
      await page.getByRole('heading', { name: 'This sign-in is not available' }).waitFor();
      await page.getByRole('link', { name: 'Back to sign in' }).click();
      await page.waitForURL(/\/sign-in/);
    } finally {
      await context.close();
    }
  });
});
