import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The SCIM settings page in Chromium against the production build: the admin reaches it from the settings
// sub-navigation, copies nothing but sees the base URL, creates a token that is shown once (and works at
// /scim/v2/acme right away), finds it listed by its prefix only after closing the dialog, and revokes it behind a
// confirmation (the directory is then refused with 401). A member without tenant.update gets the same 404 as a
// stranger. axe finds no critical or serious problem and nothing scrolls sideways, at 1440 and 390 px.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const scimUsers = (token: string) =>
  fetch(`${server.url}/scim/v2/acme/Users?count=1`, { headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json' } });

describe('SCIM settings', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  const name = `Okta ${Date.now().toString(36)}`;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
  });
  afterAll(() => context?.close());

  it('is reached from the settings sub-navigation, shows the base URL, and fits a phone', async () => {
    await admin.goto(`${server.url}/t/acme/settings`);
    await admin.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'SCIM' }).click();
    await admin.waitForURL(/\/t\/acme\/settings\/scim$/);
    await expect.poll(() => admin.getByRole('heading', { name: 'SCIM', level: 1 }).isVisible()).toBe(true);
    expect(await admin.getByTestId('scim-base-url').inputValue()).toBe(`${server.url}/scim/v2/acme`);
    await checkPage(admin, 'SCIM settings', { sizes: [DESKTOP, PHONE] });
    await admin.screenshot({ path: artifactPath('scim-settings.png'), fullPage: true });
  });

  it('creates a token shown once that works at /scim/v2, lists it by its prefix, and revokes it behind a confirmation', async () => {
    await admin.getByRole('button', { name: 'Create token' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => dialog.getByText('Enter a name.').isVisible()).toBe(true);
    await dialog.getByLabel('Name').fill(name);
    await checkPage(admin, 'create dialog');
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const shown = dialog.getByTestId('new-scim-token');
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^scim_[a-z2-7]{10}_[A-Za-z0-9_-]{43,}$/);
    await admin.setViewportSize(PHONE);
    await checkPage(admin, 'token shown once');
    await admin.screenshot({ path: artifactPath('scim-token-once-390.png') });
    await admin.setViewportSize(DESKTOP);
    expect((await scimUsers(token)).status).toBe(200);
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Listed by name and prefix; the token itself is nowhere on the page, also after a reload.
    const prefix = token.split('_')[1];
    const row = admin.getByTestId('scim-token-row').filter({ hasText: name });
    await expect.poll(() => row.getByText(`scim_${prefix}_…`).isVisible()).toBe(true);
    await admin.reload();
    await loaded(admin);
    // The secret is everything after `scim_<prefix>_`; it may hold `_` itself (base64url).
    expect(await admin.content()).not.toContain(token.slice(`scim_${prefix}_`.length));
    await expect.poll(() => row.getByText('Active').isVisible()).toBe(true);

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = admin.getByRole('dialog');
    await expect.poll(() => confirm.getByText(`scim_${prefix}_…`).isVisible()).toBe(true);
    await checkPage(admin, 'revoke dialog');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => toast(admin, 'SCIM token revoked').isVisible()).toBe(true);
    await expect.poll(() => row.getByText('Revoked').isVisible()).toBe(true);
    expect(await row.getByRole('button', { name: `Revoke ${name}` }).count()).toBe(0);
    expect((await scimUsers(token)).status).toBe(401);
    await checkPage(admin, 'SCIM settings after revoking', { sizes: [DESKTOP, PHONE] });
    expect(errors).toEqual([]);
  });

  it('is a 404 for a member without tenant.update', async () => {
    const viewerContext = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const viewer = await signInPage(viewerContext, server.url, 'viewer@acme.test');
    const res = await viewer.goto(`${server.url}/t/acme/settings/scim`);
    expect(res?.status()).toBe(404);
    await viewerContext.close();
  });
});
