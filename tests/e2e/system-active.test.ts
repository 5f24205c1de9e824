import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// Switching a system off and on from the systems list in Chromium against the production build: the list shows
// Active/Inactive, the switch asks first and says what switching off does (its OpenID clients are refused, its keys
// evaluate to deny), and the API then answers system_inactive for its keys. axe finds no critical or serious problem
// and nothing scrolls sideways at 1440 and 390 px. The system has a unique slug and is deleted at the end (CI shares
// one database across files).
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

/** A same-origin API call from the signed-in page (its session cookie and Origin): status and JSON body. */
const apiFrom = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    },
    { method, path, body },
  );

describe('switching a system off and on', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  const slug = `e2e-ims-${Date.now().toString(36)}`;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
    const created = await apiFrom(admin, 'POST', '/api/v1/tenants/acme/systems', {
      slug,
      name: `IMS ${slug.slice(-6)}`,
      permissions: ['stock.adjust'],
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    if (admin) await apiFrom(admin, 'DELETE', `/api/v1/tenants/acme/systems/${slug}`);
    await context?.close();
  });

  const row = () => admin.getByTestId('system-row').filter({ hasText: slug });
  const ask = () => apiFrom(admin, 'POST', '/api/v1/tenants/acme/authorize', { permission: 'stock.adjust' }).then((r) => r.json);

  it('lists the system as Active, and switching it off asks first, saying what it does', async () => {
    await admin.goto(`${server.url}/t/acme/systems?q=${slug}`);
    await loaded(admin);
    await expect.poll(() => row().getByText('Active', { exact: true }).isVisible()).toBe(true);
    await checkPage(admin, 'systems list', { sizes: [DESKTOP, PHONE] });

    await row()
      .getByRole('button', { name: `Switch off system ${slug}` })
      .click();
    const dialog = admin.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading', { name: `Switch off the system ${slug}?` }).isVisible()).toBe(true);
    expect(await dialog.textContent()).toMatch(/OpenID clients are refused/);
    expect(await dialog.textContent()).toMatch(/evaluates to deny/);
    await checkPage(admin, 'switch-off confirmation', { sizes: [DESKTOP, PHONE] });
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await apiFrom(admin, 'GET', `/api/v1/tenants/acme/systems/${slug}`)).json).toMatchObject({ active: true });
  });

  it('switches it off: the list says Inactive and its keys answer system_inactive; then on again', async () => {
    // The admin holds no grant of the key: default_deny while the system is on, system_inactive while it is off.
    const askWithHeader = () =>
      admin.evaluate(async (s) => {
        const res = await fetch('/api/v1/tenants/acme/authorize', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-system-slug': s },
          body: JSON.stringify({ permission: 'stock.adjust' }),
        });
        return res.json() as Promise<Record<string, unknown>>;
      }, slug);
    expect(await askWithHeader()).toEqual({ allowed: false, reason: 'default_deny' });

    await row()
      .getByRole('button', { name: `Switch off system ${slug}` })
      .click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Switch off' }).click();
    await expect.poll(() => toast(admin, `System ${slug} switched off`).isVisible()).toBe(true);
    await expect.poll(() => row().getByText('Inactive', { exact: true }).isVisible()).toBe(true);
    expect((await apiFrom(admin, 'GET', `/api/v1/tenants/acme/systems/${slug}`)).json).toMatchObject({ active: false });
    expect(await askWithHeader()).toEqual({ allowed: false, reason: 'system_inactive' });
    expect(await ask()).toEqual({ allowed: false, reason: 'default_deny' }); // stock.adjust without the system: a Custos key
    await checkPage(admin, 'systems list with an inactive system', { sizes: [DESKTOP, PHONE] });

    await row()
      .getByRole('button', { name: `Switch on system ${slug}` })
      .click();
    const dialog = admin.getByRole('dialog');
    expect(await dialog.textContent()).toMatch(/accepted again/);
    await dialog.getByRole('button', { name: 'Switch on' }).click();
    await expect.poll(() => row().getByText('Active', { exact: true }).isVisible()).toBe(true);
    expect(await askWithHeader()).toEqual({ allowed: false, reason: 'default_deny' });
    expect(errors).toEqual([]);
  });
});
