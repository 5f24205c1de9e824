import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// Settings → Notifications in Chromium against the production build: the admin reaches it from the settings
// sub-navigation, is told what is missing in the add dialog, adds an email digest of released batches and reset second
// factors for a QA lead, finds it listed in words, switches it off and deletes it behind a confirmation (nothing is left
// behind on the shared database). A member without webhooks.manage gets the same 404 as a stranger. axe finds no
// critical or serious problem and nothing scrolls sideways, at 1440 and 390 px.
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

describe('notification settings', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  const name = `QA releases ${Date.now().toString(36)}`;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
  });
  afterAll(() => context?.close());

  it('is reached from the settings sub-navigation, points to Webhooks for Slack and Teams, and fits a phone', async () => {
    await admin.goto(`${server.url}/t/acme/settings`);
    await admin.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Notifications' }).click();
    await admin.waitForURL(/\/t\/acme\/settings\/notifications$/);
    await expect.poll(() => admin.getByRole('heading', { name: 'Notifications', level: 1 }).isVisible()).toBe(true);
    expect(await admin.getByRole('link', { name: 'Open Webhooks' }).getAttribute('href')).toBe('/t/acme/webhooks');
    await checkPage(admin, 'Notification settings', { sizes: [DESKTOP, PHONE] });
    await admin.screenshot({ path: artifactPath('notification-settings.png'), fullPage: true });
  });

  it('adds a digest after saying what is missing, lists it in words, switches it off and deletes it', async () => {
    await admin.getByRole('button', { name: 'Add digest' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add digest' }).click();
    await expect.poll(() => dialog.getByText('At least 2 characters.').isVisible()).toBe(true);
    await expect.poll(() => dialog.getByText('Choose at least one event type.').isVisible()).toBe(true);

    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('textbox', { name: /^Recipients/ }).fill('not-an-address');
    await dialog.getByRole('checkbox', { name: /^Batch released/ }).check();
    await dialog.getByRole('checkbox', { name: /^Second factors reset/ }).check();
    await dialog.getByRole('radio', { name: /^Every hour/ }).check();
    await dialog.getByRole('button', { name: 'Add digest' }).click();
    await expect.poll(() => dialog.getByText('not-an-address: Enter a valid email address.').isVisible()).toBe(true);
    await admin.setViewportSize(PHONE);
    await checkPage(admin, 'add digest dialog');
    await admin.screenshot({ path: artifactPath('notification-digest-dialog-390.png') });
    await admin.setViewportSize(DESKTOP);

    await dialog.getByRole('textbox', { name: /^Recipients/ }).fill('qa-lead@acme.test');
    await dialog.getByRole('button', { name: 'Add digest' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => toast(admin, 'Email digest added').isVisible()).toBe(true);

    const row = admin.getByTestId('digest-row').filter({ hasText: name });
    await expect.poll(() => row.getByText('qa-lead@acme.test').isVisible()).toBe(true);
    await expect.poll(() => row.getByText('Every hour').isVisible()).toBe(true);
    await expect.poll(() => row.getByText('Second factors reset, Batch released').isVisible()).toBe(true);
    await admin.reload();
    await loaded(admin);
    await expect.poll(() => row.getByText('On', { exact: true }).isVisible()).toBe(true);
    await checkPage(admin, 'a digest listed', { sizes: [DESKTOP, PHONE] });

    await row.getByRole('button', { name: `Switch off ${name}` }).click();
    await expect.poll(() => row.getByText('Off', { exact: true }).isVisible()).toBe(true);

    await row.getByRole('button', { name: `Delete ${name}` }).click();
    const confirm = admin.getByRole('dialog');
    await expect.poll(() => confirm.getByRole('heading', { name: `Delete “${name}”?` }).isVisible()).toBe(true);
    await checkPage(admin, 'delete dialog');
    await confirm.getByRole('button', { name: 'Delete digest' }).click();
    await expect.poll(() => toast(admin, 'Email digest deleted').isVisible()).toBe(true);
    await expect.poll(() => row.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('is a 404 for a member without webhooks.manage', async () => {
    const viewerContext = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const viewer = await signInPage(viewerContext, server.url, 'viewer@acme.test');
    const res = await viewer.goto(`${server.url}/t/acme/settings/notifications`);
    expect(res?.status()).toBe(404);
    await viewerContext.close();
  });
});
