import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from './browser';
import { E2E_AUTH_SECRET, startServer, type RunningServer } from './server';

// Real Chromium against the production build. Sign-in arrives with the identity issue; until then
// these open the public pages, and (on PostgreSQL, where this process may share the database with the
// server) the console shell for a session made directly in the database.
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

describe('pages in Chromium', () => {
  it('sends a signed-out visitor from / to the sign-in page, which has a labelled form', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(server.url + '/');
    await page.waitForURL(/\/sign-in$/);
    await expect(page.getByLabel('Email', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Password', { exact: true }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: artifactPath('sign-in.png'), fullPage: true });
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders the interactive API docs from the app alone', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await page.goto(server.url + '/api/docs');
    await page.waitForSelector('.swagger-ui .information-container', { timeout: 30_000 });
    expect(await page.textContent('.swagger-ui .title')).toContain('Custos API');
    await page.waitForSelector('.opblock-summary-path');
    await page.screenshot({ path: artifactPath('api-docs.png') });
    expect(outside).toEqual([]);
    await page.close();
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('console shell (PostgreSQL)', () => {
  it('shows an admin the full sidebar and a viewer only what they may read', async () => {
    process.env.AUTH_SECRET = E2E_AUTH_SECRET;
    const { getDb, closeDb } = await import('@/db/client');
    const { users } = await import('@/db/schema');
    const { createSession, encodeSessionToken, SESSION_COOKIE } = await import('@/lib/auth/session');
    const db = await getDb();
    const cookieFor = async (email: string) => {
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      const session = await createSession(db, user.id, { userAgent: 'e2e' });
      return encodeSessionToken({ id: session.id, userId: user.id });
    };
    const host = new URL(server.url).hostname;

    const admin = await browser.newContext();
    await admin.addCookies([{ name: SESSION_COOKIE, value: await cookieFor('admin@acme.test'), domain: host, path: '/' }]);
    const adminPage = await admin.newPage();
    await adminPage.goto(server.url + '/t/acme');
    const nav = adminPage.getByRole('navigation');
    await expect(nav.getByRole('link', { name: 'Members' }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('link', { name: 'Settings' }).isVisible()).resolves.toBe(true);
    await adminPage.screenshot({ path: artifactPath('console-admin.png'), fullPage: true });

    const viewer = await browser.newContext();
    await viewer.addCookies([{ name: SESSION_COOKIE, value: await cookieFor('viewer@acme.test'), domain: host, path: '/' }]);
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(server.url + '/t/acme');
    const viewerNav = viewerPage.getByRole('navigation');
    await expect(viewerNav.getByRole('link', { name: 'Batches' }).isVisible()).resolves.toBe(true);
    expect(await viewerNav.getByRole('link', { name: 'Members' }).count()).toBe(0);
    expect(await viewerNav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await viewerPage.screenshot({ path: artifactPath('console-viewer.png'), fullPage: true });

    // Another tenant's console is a 404 for them.
    const res = await viewerPage.goto(server.url + '/t/globex');
    expect(res?.status()).toBe(404);
    await admin.close();
    await viewer.close();
    await closeDb();
  });
});
