import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, signInPage, watchErrors } from './browser';
import { startServer, type RunningServer } from './server';

// The OpenID Provider's own sign-out pages in Chromium under the console's Content-Security-Policy. oidc-provider's
// sign-out without a provider session is an auto-submitting form (an inline script the CSP blocks, a form POST that
// `form-action 'self'` would stop at an application's address); Custos answers it with a nonce'd script that sends the
// fields with fetch and follows the answer. That sign-out ends only the provider's session, never the console's.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('sign-out at the provider', () => {
  it('with no provider session goes straight to the signed-out page, and the console session stays', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const errors: string[] = [];
    const page = await signInPage(context, server.url, 'viewer@acme.test', { errors });
    watchErrors(page, errors);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

    await page.goto(`${server.url}/oidc/session/end`);
    await page.waitForURL((url) => url.pathname === '/oidc/session/end/success');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Signed out');
    await checkPage(page, 'provider signed-out page', { sizes: [DESKTOP, PHONE] });
    await page.screenshot({ path: artifactPath('oidc-provider-signed-out.png') });

    await page.goto(`${server.url}/t/acme`);
    expect(new URL(page.url()).pathname).toBe('/t/acme');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
