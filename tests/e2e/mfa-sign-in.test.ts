import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PHONE,
  addVirtualAuthenticator,
  artifactPath,
  axeProblems,
  checkPage,
  launchBrowser,
  newAccount,
  submitSignInForm,
  toast,
  watchErrors,
} from './browser';
import { startServer, type RunningServer } from './server';

// Signing in with a second factor in Chromium against the production build. One fresh person (signed up through the API,
// so the shared demo accounts stay password-only): with a session from before they had a factor, creating an API key asks
// for the step-up first; then password + authenticator code (computed with otpauth), password + recovery code, a passkey
// added with Chromium's virtual authenticator (CDP WebAuthn) and a passkey-only sign-in with no email typed. A second
// person meets their tenant's MFA policy and is led through enrolment and back. Sign-in pages: axe finds no critical or
// serious problem and nothing scrolls sideways at 390 px.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // WebAuthn refuses an IP address as relying party: serve (and browse) at localhost.
  server = await startServer({ DEV_MAILBOX: '1', APP_URL: 'http://localhost:{port}' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const DESKTOP = { width: 1280, height: 860 };
const PASSWORD = 'a long and unusual passphrase for signing in';

/** The code an authenticator app shows, `stepsAhead` 30-second steps from now (each step is accepted once). */
const codeFor = (secret: string, stepsAhead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });

/**
 * A code the server has not seen: each 30-second step is accepted once (and no earlier one after it), up to one step
 * ahead of the clock, so this waits for the clock when the steps in reach are used up.
 */
let lastStep = -1;
async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const nowStep = Math.floor(Date.now() / 30_000);
    const next = Math.max(lastStep + 1, nowStep);
    if (next <= nowStep + 1) {
      lastStep = next;
      return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate({ timestamp: next * 30_000 + 1000 });
    }
    await new Promise((r) => setTimeout(r, (nowStep + 1) * 30_000 - Date.now() + 200));
  }
}

/** A wrong six-digit code (not the current one nor its neighbours). */
const wrongCode = (secret: string) => {
  const taken = new Set([-1, 0, 1].map((s) => codeFor(secret, s)));
  return ['000000', '111111', '222222', '333333'].find((c) => !taken.has(c))!;
};

async function passwordStep(page: Page, email: string) {
  await page.goto(`${server.url}/sign-in`);
  await submitSignInForm(page, email, PASSWORD);
}

describe('signing in with a second factor', () => {
  const email = `mira-${Date.now()}@example.com`;
  const slug = `mira-${Date.now().toString(36)}`;
  let secret = '';
  let recoveryCodes: string[] = [];
  let first: BrowserContext;
  let firstPage: Page;
  const errors: string[] = [];

  const watch = (page: Page) => watchErrors(page, errors);

  beforeAll(async () => {
    first = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    firstPage = await first.newPage();
    watch(firstPage);
    await newAccount(first.request, server.url, { email, password: PASSWORD, name: 'Mira Factor' });
    // Signed in before there is any second factor: this console session has never passed one.
    await passwordStep(firstPage, email);
    await firstPage.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    const tenant = await firstPage.request.post(`${server.url}/api/v1/tenants`, {
      headers: { origin: server.url },
      data: { slug, name: 'Mira Labs' },
    });
    expect(tenant.status(), await tenant.text()).toBe(201);

    // The authenticator app, set up from another session (an API token pair), so the console session stays unverified.
    const pair = await first.request.post(`${server.url}/api/v1/auth/token`, {
      headers: { origin: server.url },
      data: { email, password: PASSWORD },
    });
    expect(pair.status(), await pair.text()).toBe(200);
    const bearer = { origin: server.url, authorization: `Bearer ${((await pair.json()) as { accessToken: string }).accessToken}` };
    const started = await first.request.post(`${server.url}/api/v1/me/mfa/totp`, { headers: bearer });
    expect(started.status(), await started.text()).toBe(200);
    secret = ((await started.json()) as { secret: string }).secret;
    const confirmed = await first.request.post(`${server.url}/api/v1/me/mfa/totp/confirm`, {
      headers: bearer,
      data: { code: await freshCode(secret) },
    });
    expect(confirmed.status(), await confirmed.text()).toBe(200);
    recoveryCodes = ((await confirmed.json()) as { recoveryCodes: string[] }).recoveryCodes;
  });
  afterAll(() => first?.close());

  it('asks for the step-up before creating an API key, then creates it without starting over', async () => {
    await firstPage.goto(`${server.url}/t/${slug}/api-keys`);
    await firstPage.getByRole('button', { name: 'Create API key' }).first().click();
    const create = firstPage.getByRole('dialog', { name: 'Create an API key' });
    await create.getByLabel('Name', { exact: true }).fill('LIMS sync');
    await create.getByTestId('scope-picker').getByRole('checkbox').first().check();
    await create.getByRole('button', { name: 'Create key' }).click();

    const stepUp = firstPage.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await firstPage.screenshot({ path: artifactPath('mfa-sign-in-1-step-up.png') });
    expect(await axeProblems(firstPage, 'page')).toEqual([]);
    await stepUp.getByLabel(/Code from your authenticator app/).fill(wrongCode(secret));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await stepUp.getByText(/That code is not correct/).waitFor();
    await stepUp.getByLabel(/Code from your authenticator app/).fill(await freshCode(secret));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await stepUp.waitFor({ state: 'detached' });
    // The original request went again by itself: the key is shown once.
    await firstPage.getByRole('dialog', { name: 'Your new API key: LIMS sync' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('password, then a code from the authenticator app; the second step is accessible and fits a phone', async () => {
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const page = await context.newPage();
    watch(page);
    await passwordStep(page, email);
    await page.waitForURL(/\/sign-in\/verify/);
    await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    // The pending step is in an httpOnly cookie, not in the address.
    expect(page.url()).not.toMatch(/cmf_|mfaToken/);
    const pending = (await context.cookies()).find((c) => c.name === 'custos-mfa');
    expect(pending?.httpOnly).toBe(true);
    await checkPage(page, 'second step', { axe: 'page' });
    await page.screenshot({ path: artifactPath('mfa-sign-in-2-second-step-phone.png'), fullPage: true });

    await page.getByLabel('Code from your authenticator app').fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    expect((await context.cookies()).some((c) => c.name === 'custos-mfa')).toBe(false);
    const me = await page.request.get(`${server.url}/api/v1/me`);
    expect(((await me.json()) as { email: string }).email).toBe(email);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('password, then a recovery code behind "Use a recovery code"', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    watch(page);
    await passwordStep(page, email);
    await page.waitForURL(/\/sign-in\/verify/);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[0]);
    await checkPage(page, 'recovery code step', { axe: 'page' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    // Used once: the same code no longer works.
    const again = await browser.newContext();
    const second = await again.newPage();
    await passwordStep(second, email);
    await second.waitForURL(/\/sign-in\/verify/);
    await second.waitForLoadState('networkidle');
    await second.getByRole('button', { name: 'Use a recovery code' }).click();
    await second.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[0]);
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
    await again.close();
    await context.close();
    expect(errors).toEqual([]);
  });

  describe('passkeys', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
      page = await context.newPage();
      watch(page);
      await addVirtualAuthenticator(context, page);
    });
    afterAll(() => context?.close());

    it('signs in with the password and another recovery code in the browser that holds the authenticator', async () => {
      await passwordStep(page, email);
      await page.waitForURL(/\/sign-in\/verify/);
      await page.waitForLoadState('networkidle');
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[1]);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    });

    it('adds a passkey on the security page, then signs in with it alone: no email, no password', async () => {
      await page.goto(`${server.url}/account/security`);
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      const dialog = page.getByRole('dialog', { name: 'Name this passkey' });
      await dialog.getByLabel('Name').fill('Test laptop');
      await dialog.getByRole('button', { name: 'Save passkey' }).click();
      await toast(page, 'Passkey added').waitFor();

      await context.clearCookies();
      await page.goto(`${server.url}/sign-in`);
      await checkPage(page, 'sign-in page', { axe: 'page' });
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      const me = await page.request.get(`${server.url}/api/v1/me`);
      expect(((await me.json()) as { email: string }).email).toBe(email);
      await page.screenshot({ path: artifactPath('mfa-sign-in-3-passkey-signed-in.png') });
    });

    it('after the password, "Use a passkey" completes the second step; the passkey then shows its last use', async () => {
      await context.clearCookies();
      await passwordStep(page, email);
      await page.waitForURL(/\/sign-in\/verify/);
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

      // The passkey's last use is kept and shown on the security page (it was "never" when added).
      const factors = (await (await page.request.get(`${server.url}/api/v1/me/mfa`)).json()) as {
        passkeys: Array<{ name: string; lastUsedAt: string | null }>;
      };
      const used = factors.passkeys.find((p) => p.name === 'Test laptop');
      expect(used?.lastUsedAt).not.toBeNull();
      expect(Date.now() - Date.parse(used!.lastUsedAt!)).toBeLessThan(10 * 60_000);
      await page.goto(`${server.url}/account/security`);
      const item = page.getByTestId('passkey').filter({ hasText: 'Test laptop' });
      await item.waitFor();
      const shown = await item.textContent();
      expect(shown).toMatch(/Last used/);
      expect(shown).not.toMatch(/Last used\s*never/);

      // Each use is on the platform trail (read by the platform admin): the passkey-only sign-in and this second step.
      const { id } = (await (await page.request.get(`${server.url}/api/v1/me`)).json()) as { id: string };
      const signedIn = await fetch(`${server.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@custos.test', password: 'custos-demo-pass' }),
      });
      expect(signedIn.status).toBe(200);
      const { accessToken } = (await signedIn.json()) as { accessToken: string };
      const trail = await fetch(`${server.url}/api/v1/admin/audit-events?action=user.mfa_passkey_used&targetType=user&targetId=${id}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(trail.status).toBe(200);
      const uses = ((await trail.json()) as { data: Array<{ after: { passkey?: string } }> }).data;
      expect(uses.length).toBeGreaterThanOrEqual(2);
      for (const use of uses) expect(use.after.passkey).toBe('Test laptop');
      expect(errors).toEqual([]);
    });
  });
});

describe("a tenant's MFA policy", () => {
  it('leads a member without a second factor through enrolment, then back into the tenant', async () => {
    const email = `nico-${Date.now()}@example.com`;
    const slug = `nico-${Date.now().toString(36)}`;
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await newAccount(context.request, server.url, { email, password: PASSWORD, name: 'Nico Policy' });
    await passwordStep(page, email);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    const headers = { origin: server.url };
    expect((await page.request.post(`${server.url}/api/v1/tenants`, { headers, data: { slug, name: 'Nico Labs' } })).status()).toBe(201);
    const patched = await page.request.patch(`${server.url}/api/v1/tenants/${slug}`, {
      headers,
      data: { settings: { mfaRequired: 'everyone' } },
    });
    expect(patched.status(), await patched.text()).toBe(200);

    // The API refuses until enrolled; the console sends them to enrol.
    const refused = await page.request.get(`${server.url}/api/v1/tenants/${slug}/sites`);
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('mfa_enrolment_required');
    await page.goto(`${server.url}/t/${slug}`);
    await page.waitForURL(/\/account\/security\?enrol=1/);
    await page.getByTestId('enrol-banner').waitFor();

    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = (await page.getByTestId('totp-key').textContent())!.trim();
    await page.getByLabel('Six-digit code').fill(codeFor(key));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').first().waitFor();
    await page.getByLabel('I have saved my recovery codes somewhere safe').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'Continue where you were' }).click();
    await page.waitForURL(new RegExp(`/t/${slug}`));
    expect((await page.request.get(`${server.url}/api/v1/tenants/${slug}/sites`)).status()).toBe(200);
    await page.screenshot({ path: artifactPath('mfa-sign-in-4-back-in-tenant.png') });
    await context.close();
    expect(errors).toEqual([]);
  });
});
