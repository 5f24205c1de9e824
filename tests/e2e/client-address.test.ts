import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Issue 14, holes 3 and 11 against the production server: X-Forwarded-For is not believed without
// TRUSTED_PROXIES (the limits hold and the trail keeps 127.0.0.1), and a browser that signed in before
// is not locked out by strangers.
let server: RunningServer;
let browser: Browser;
let rootAccess: string;
const rootTokenRequestId = `e2e-root-${randomUUID()}`;
const ROOT = 'root@custos.test';
const PASSWORD = 'custos-demo-pass';

const tokenRequest = (email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });

beforeAll(async () => {
  // Its own embedded database: the lockouts and the per-address limit it sets on 127.0.0.1 would otherwise stay in the
  // PostgreSQL kv store CI shares across browser tests, and the next file's sign-ins would get 429.
  server = await startServer({ PGLITE_DIR: mkdtempSync(path.join(tmpdir(), 'custos-client-address-pglite-')) });
  browser = await launchBrowser();
  // A platform admin's API token, asked for with a spoofed X-Forwarded-For (read back below).
  const res = await tokenRequest(ROOT, PASSWORD, {
    'x-forwarded-for': '6.6.6.6',
    'x-real-ip': '6.6.6.6',
    'x-request-id': rootTokenRequestId,
  });
  expect(res.status).toBe(200);
  rootAccess = ((await res.json()) as { accessToken: string }).accessToken;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('client address and lockouts on the standalone server', () => {
  it('records the TCP peer (127.0.0.1) in the session list and the audit trail, not X-Forwarded-For', async () => {
    const sessions = await fetch(`${server.url}/api/v1/me/sessions`, { headers: { authorization: `Bearer ${rootAccess}` } });
    expect(sessions.status).toBe(200);
    const list = (await sessions.json()) as
      { data?: { ip: string | null; current: boolean }[] } | { ip: string | null; current: boolean }[];
    const rows = Array.isArray(list) ? list : (list.data ?? []);
    expect(rows.find((s) => s.current)?.ip).toBe('127.0.0.1');

    const events = await fetch(`${server.url}/api/v1/admin/audit-events?action=user.signed_in&limit=200`, {
      headers: { authorization: `Bearer ${rootAccess}` },
    });
    expect(events.status).toBe(200);
    const { data } = (await events.json()) as { data: { requestId: string | null; ip: string | null }[] };
    const event = data.find((e) => e.requestId === rootTokenRequestId);
    expect(event?.ip).toBe('127.0.0.1');
  });

  it('a browser that signed in before is not stopped by a lockout strangers caused; a new browser is', async () => {
    const context = await browser.newContext();
    const first = await signInPage(context, server.url, ROOT);
    const device = (await context.cookies()).find((c) => c.name === 'custos-device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await first.close();

    // Strangers lock the platform admin's email through the API.
    for (let i = 0; i < 5; i++) expect((await tokenRequest(ROOT, `stranger-guess-${i}`)).status).toBe(401);
    expect((await tokenRequest(ROOT, PASSWORD)).status).toBe(429);

    // A browser without the device cookie is told to wait.
    const stranger = await browser.newContext();
    const page = await stranger.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(ROOT);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /^sign in$/i }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toMatch(/too many attempts/i);
    await stranger.close();

    // The owner's browser, signed out, signs in again.
    const keep = (await context.cookies()).filter((c) => c.name === 'custos-device');
    await context.clearCookies();
    await context.addCookies(keep);
    const again = await signInPage(context, server.url, ROOT);
    expect(new URL(again.url()).pathname).not.toMatch(/^\/sign-in/);
    await context.close();
  }, 120_000);

  it('rotating X-Forwarded-For across many accounts hits the per-address limit (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await tokenRequest(`spray-${i}-${randomUUID()}@test.custos`, 'one guess each', {
        'x-forwarded-for': `198.51.100.${i + 1}`,
        'x-real-ip': `203.0.113.${i + 1}`,
      });
      statuses.push(res.status);
    }
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal, statuses.join(',')).toBeGreaterThan(0);
    expect(
      statuses.slice(0, firstRefusal).every((s) => s === 401),
      statuses.join(','),
    ).toBe(true);
    expect(
      statuses.slice(firstRefusal).every((s) => s === 429),
      statuses.join(','),
    ).toBe(true);
    // The address is locked for everyone behind it, right passwords included.
    expect((await tokenRequest('admin@acme.test', PASSWORD, { 'x-forwarded-for': '192.0.2.200' })).status).toBe(429);
  }, 120_000);
});
