import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// A system's page in Chromium against the production build: the admin opens it from the systems list, sees the
// discovery URL to configure the system with, adds a confidential OpenID client (a bad redirect URI is refused in
// place, naming its line), sees the secret once, rotates it behind a confirmation (a new secret, once), and deletes
// the client behind a confirmation that says its tokens stop working. The secrets are nowhere on the page after
// their dialogs close, also after a reload. Another tenant's admin gets the not-found page, a member without
// systems.read is told what is missing. axe finds no critical or serious problem and nothing scrolls sideways, at
// 1440 and 390 px. The system has a unique slug and is deleted at the end (CI shares one database across files).
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

/** A same-origin API call from the signed-in page (its session cookie and Origin). */
const apiFrom = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.status;
    },
    { method, path, body },
  );

describe('system page', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  const slug = `e2e-lims-${Date.now().toString(36)}`;
  const systemName = `LIMS ${slug.slice(-6)}`;
  const clientName = 'LIMS web';
  let firstSecret = '';

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
    expect(await apiFrom(admin, 'POST', '/api/v1/tenants/acme/systems', { slug, name: systemName, permissions: ['samples.read'] })).toBe(
      201,
    );
  });
  afterAll(async () => {
    if (admin) await apiFrom(admin, 'DELETE', `/api/v1/tenants/acme/systems/${slug}`);
    await context?.close();
  });

  it('is reached from the systems list and shows the system, its keys and the discovery URL', async () => {
    await admin.goto(`${server.url}/t/acme/systems?q=${slug}`);
    await admin.getByRole('link', { name: systemName }).click();
    await admin.waitForURL(new RegExp(`/t/acme/systems/${slug}$`));
    await expect.poll(() => admin.getByRole('heading', { name: systemName, level: 1 }).isVisible()).toBe(true);
    expect(await admin.getByTestId('system-state').textContent()).toBe('Active');
    await expect.poll(() => admin.getByText(`${slug}:samples.read`).isVisible()).toBe(true);
    expect(await admin.getByTestId('discovery-url').textContent()).toBe(`${server.url}/.well-known/openid-configuration`);
    await expect.poll(() => admin.getByText('No OpenID client yet').isVisible()).toBe(true);
    await checkPage(admin, 'system page, no client', { sizes: [DESKTOP, PHONE] });
  });

  it('adds a confidential client: a bad redirect URI is refused in place, and the secret is shown once', async () => {
    await admin.getByRole('button', { name: 'Add client' }).first().click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add client' }).click();
    await expect.poll(() => dialog.getByText('Enter a name.').isVisible()).toBe(true);
    await dialog.getByLabel('Name').fill(clientName);
    await dialog
      .getByLabel('Redirect URIs', { exact: true })
      .fill('https://lims.example.com/callback\nhttps://lims.example.com/other#part');
    await dialog.getByRole('button', { name: 'Add client' }).click();
    await expect.poll(() => dialog.getByText('Line 2: Must not contain a fragment (#…).').isVisible()).toBe(true);
    await checkPage(admin, 'add dialog with an error');
    await dialog.getByLabel('Redirect URIs', { exact: true }).fill('https://lims.example.com/callback');
    await dialog.getByRole('button', { name: 'Add client' }).click();

    const secretDialog = admin.getByRole('dialog', { name: `${clientName} is ready` });
    const secret = secretDialog.getByTestId('client-secret');
    await secret.waitFor();
    firstSecret = (await secret.textContent()) ?? '';
    expect(firstSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => secretDialog.getByText('Copy the secret now: it is shown only this once.').isVisible()).toBe(true);
    await admin.setViewportSize(PHONE);
    await checkPage(admin, 'secret shown once');
    await admin.screenshot({ path: artifactPath('system-client-secret-390.png') });
    await admin.setViewportSize(DESKTOP);
    await secretDialog.getByRole('button', { name: 'I have copied it' }).click();
    await secretDialog.waitFor({ state: 'detached' });

    const row = admin.getByTestId('oidc-client-row').filter({ hasText: clientName });
    await expect.poll(() => row.getByText('https://lims.example.com/callback').isVisible()).toBe(true);
    await expect.poll(() => row.getByText(/^cus_[A-Za-z0-9_-]{22}$/).isVisible()).toBe(true);
    await admin.reload();
    await loaded(admin);
    expect(await admin.content()).not.toContain(firstSecret);
    await checkPage(admin, 'system page with a client', { sizes: [DESKTOP, PHONE] });
    await admin.screenshot({ path: artifactPath('system-page.png'), fullPage: true });
  });

  it('rotates the secret behind a confirmation and shows the new one once', async () => {
    await admin.getByRole('button', { name: `Rotate secret of ${clientName}` }).click();
    const confirm = admin.getByRole('dialog');
    await expect.poll(() => confirm.getByText(/The current secret stops working at once/).isVisible()).toBe(true);
    await checkPage(admin, 'rotate dialog');
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = admin.getByRole('dialog', { name: `New secret for ${clientName}` });
    const secret = shown.getByTestId('client-secret');
    await secret.waitFor();
    const second = (await secret.textContent()) ?? '';
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(firstSecret);
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await admin.content()).not.toContain(second);
  });

  it('deletes the client behind a confirmation that says its tokens stop working', async () => {
    await admin.getByRole('button', { name: `Delete ${clientName}` }).click();
    const confirm = admin.getByRole('dialog');
    await expect.poll(() => confirm.getByText(/the tokens it was given stop working/).isVisible()).toBe(true);
    await checkPage(admin, 'delete dialog');
    await confirm.getByRole('button', { name: 'Delete client' }).click();
    await expect.poll(() => toast(admin, `${clientName} deleted`).isVisible()).toBe(true);
    await expect.poll(() => admin.getByText('No OpenID client yet').isVisible()).toBe(true);
    expect(await admin.getByTestId('oidc-client-row').count()).toBe(0);
    await checkPage(admin, 'system page after deleting', { sizes: [DESKTOP, PHONE] });
    expect(errors).toEqual([]);
  });

  it('is the not-found page in another tenant, and says what is missing to a member without systems.read', async () => {
    const otherContext = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const globex = await signInPage(otherContext, server.url, 'admin@globex.test');
    // A 404 from the server (the list's loading boundary is in its own route group, so it does not answer 200 first).
    const answer = await globex.goto(`${server.url}/t/globex/systems/${slug}`);
    expect(answer?.status()).toBe(404);
    await expect.poll(() => globex.getByRole('heading', { name: 'System not found' }).isVisible()).toBe(true);
    await otherContext.close();

    const viewerContext = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const viewer = await signInPage(viewerContext, server.url, 'viewer@acme.test');
    await viewer.goto(`${server.url}/t/acme/systems/${slug}`);
    await expect.poll(() => viewer.getByText('You cannot see systems here').isVisible()).toBe(true);
    await checkPage(viewer, 'system page without systems.read');
    await viewerContext.close();
  });
});
