import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, checkPage as checkFitsAndAxe, launchBrowser, newAccount, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The password rules in Chromium against the production build: a newcomer (signed up through the API and confirmed
// through the dev mailbox, so the shared demo accounts keep their password) changes their password on Account ›
// Password — the rules are shown up front, the strength meter rates what is typed (zxcvbn in the browser), a weak
// password is refused beside the field and nothing changes, a strong one is accepted. The tenant admin's Sign-in
// security and Password rules sections save and come back after a reload. axe finds no critical or serious problem and
// nothing scrolls sideways at 1440 and at 390 px.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ DEV_MAILBOX: '1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PASSWORD = 'plum orchard lantern quietly 2026';
const NEW_PASSWORD = 'violet tugboat marmalade 42';

/** At 1440 and at 390 px: nothing scrolls sideways and axe is clean on the whole page. Leaves the page at desktop width. */
const checkPage = (page: Page, what: string) => checkFitsAndAxe(page, what, { sizes: [DESKTOP, PHONE], axe: 'page' });

describe('changing the password on Account › Password', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const email = `rui-${Date.now()}@example.com`;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    await newAccount(context.request, server.url, { email, password: PASSWORD, name: 'Rui Castellanos' });
    page = await signInPage(context, server.url, email, { password: PASSWORD, errors });
  });
  afterAll(() => context?.close());

  it('shows the rules up front, rates a weak password and refuses it beside the field; nothing changes', async () => {
    await page.goto(`${server.url}/account/password`);
    const form = page.getByRole('form', { name: 'Change password' });
    await expect.poll(() => form.getByText(/Use at least 12 characters, rated at least “Strong”/).count()).toBe(1);
    await form.getByLabel('Current password').fill(PASSWORD);

    const meter = form.getByRole('meter', { name: 'Password strength' });
    await form.getByLabel('New password', { exact: true }).fill('aaaaaaaaaaaa');
    await expect.poll(() => meter.getAttribute('aria-valuetext')).toBe('Very weak');
    expect(await form.getByTestId('password-problem').textContent()).toMatch(/too easy to guess/);
    await checkPage(page, 'password page with a weak password');

    await form.getByLabel('Repeat the new password').fill('aaaaaaaaaaaa');
    await form.getByRole('button', { name: 'Change password' }).click();
    const fieldError = form.locator('[data-slot="field-error"]');
    await expect.poll(() => fieldError.first().textContent()).toMatch(/too easy to guess/);
    expect(await form.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // The person's own email is refused too, by the server as much as the form.
    const viaApi = await page.request.post(`${server.url}/api/v1/me/password`, {
      data: { currentPassword: PASSWORD, newPassword: email },
      headers: { origin: server.url },
    });
    expect(viaApi.status()).toBe(400);
    expect(((await viaApi.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain('newPassword');
  });

  it('accepts a strong passphrase: the meter says so, the change is saved', async () => {
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    const meter = form.getByRole('meter', { name: 'Password strength' });
    await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe('4');
    await form.getByTestId('password-ok').waitFor();
    await form.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await toast(page, 'Password changed').waitFor();
    await checkPage(page, 'password page after the change');

    const signIn = await page.request.post(`${server.url}/api/v1/auth/token`, {
      data: { email, password: NEW_PASSWORD },
      headers: { origin: server.url },
    });
    expect(signIn.status(), await signIn.text()).toBe(200);
    expect(errors).toEqual([]);
  });
});

describe("the tenant's Sign-in security and Password rules settings", () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    page = await signInPage(context, server.url, 'admin@acme.test', { errors });
  });
  afterAll(() => context?.close());

  it('shows both sections with their words, accessible and within a phone’s width', async () => {
    await page.goto(`${server.url}/t/acme/settings`);
    const security = page.getByRole('form', { name: 'Sign-in security' });
    const rules = page.getByRole('form', { name: 'Password rules' });
    await security.waitFor();
    await rules.waitFor();
    const options = await security.getByLabel('Second factor required for').locator('option').allTextContents();
    expect(options).toEqual(['Off', 'Admins', 'Everyone who signs records', 'Everyone']);
    expect(await rules.getByLabel('Minimum strength').locator('option:checked').textContent()).toBe('3 — Strong');
    expect(await rules.getByText(/NIST SP 800-63B advises against/).count()).toBe(1);
    await rules.getByLabel('Passwords expire').check();
    await rules.getByLabel('Maximum password age (days)').waitFor();
    await security.getByLabel('Suspend members who stop signing in').check();
    await checkPage(page, 'settings with every field shown');
  });

  it('saves the password rules, refuses a bad value beside its field, and shows the saved rules after a reload', async () => {
    const rules = page.getByRole('form', { name: 'Password rules' });
    await rules.getByLabel('Minimum length').fill('6');
    await rules.getByRole('button', { name: 'Save password rules' }).click();
    await expect.poll(() => rules.locator('[data-slot="field-error"]').first().textContent()).toMatch(/At least 8 characters/);

    await rules.getByLabel('Minimum length').fill('14');
    await rules.getByLabel('Remember the last passwords').fill('8');
    await rules.getByLabel('Maximum password age (days)').fill('365');
    await rules.getByRole('button', { name: 'Save password rules' }).click();
    await toast(page, 'Password rules saved').waitFor();

    await page.reload();
    const again = page.getByRole('form', { name: 'Password rules' });
    await again.waitFor();
    expect(await again.getByLabel('Minimum length').inputValue()).toBe('14');
    expect(await again.getByLabel('Remember the last passwords').inputValue()).toBe('8');
    expect(await again.getByLabel('Maximum password age (days)').inputValue()).toBe('365');

    // Back to the defaults (no expiry), through the page.
    await again.getByLabel('Minimum length').fill('12');
    await again.getByLabel('Remember the last passwords').fill('5');
    await again.getByLabel('Passwords expire').uncheck();
    await again.getByRole('button', { name: 'Save password rules' }).click();
    await toast(page, 'Password rules saved').waitFor();
    const tenant = await page.request.get(`${server.url}/api/v1/tenants/acme`);
    expect(((await tenant.json()) as { settings: { passwordPolicy: unknown } }).settings.passwordPolicy).toEqual({
      minLength: 12,
      minScore: 3,
      historyCount: 5,
      maxAgeDays: null,
    });
    expect(errors).toEqual([]);
  });
});
