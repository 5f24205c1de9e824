import type { APIRequestContext, Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, addVirtualAuthenticator, artifactPath, checkPage, launchBrowser, newAccount, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// Second factors in Chromium against the production build: a newcomer (signed up through the API, confirmed through the
// dev mailbox, so the shared demo accounts keep signing in with a password only) sets up an authenticator app on
// Account › Security — the key read from the page, codes computed with otpauth — saves the recovery codes, adds a
// passkey with Chromium's virtual authenticator (CDP WebAuthn), renames it, makes new recovery codes, removes the
// passkey and the app; then, as admin of their own tenant, resets their second factors from the member page. axe finds
// no critical or serious problem and nothing scrolls sideways at 1440 and at 390 px.
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

const PASSWORD = 'plum orchard lantern quietly 2026';

/** The code the authenticator app would show now for the key the page displays. */
const codeFor = (key: string, stepsAhead = 0) =>
  new TOTP({ secret: Secret.fromBase32(key.replace(/\s/g, '')) }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });

/** The subjects and texts of the mails to `email` in the dev mailbox (newest first). */
async function mailsTo(request: APIRequestContext, email: string): Promise<Array<{ subject: string; text: string }>> {
  const res = await request.get(`${server.url}/api/dev/mail?to=${encodeURIComponent(email)}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Array<{ subject: string; text: string }>;
}

describe('second factors on Account › Security', () => {
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  const errors: string[] = [];
  const email = `fay-${Date.now()}@example.com`;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    await newAccount(context.request, server.url, { email, password: PASSWORD, name: 'Fay Okonkwo' });
    page = await signInPage(context, server.url, email, { password: PASSWORD, errors });
    ({ cdp, authenticatorId } = await addVirtualAuthenticator(context, page));
  });
  afterAll(() => context?.close());

  it('explains why when sent to enrol, and the page is accessible and fits', async () => {
    await page.goto(`${server.url}/account/security?enrol=1&next=/`);
    await page.getByTestId('enrol-banner').waitFor();
    expect(await page.getByRole('link', { name: 'Security' }).getAttribute('aria-current')).toBe('page');
    await checkPage(page, 'security page');
  });

  it('sets up the authenticator app with a code from the key on the page, then shows the recovery codes once', async () => {
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = page.getByRole('img', { name: /QR code for your authenticator app/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const key = (await page.getByTestId('totp-key').textContent())!.trim();
    expect(key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    await checkPage(page, 'authenticator setup');

    // A code of another moment is refused beside the field; nothing is turned on.
    await page.getByLabel('Six-digit code').fill(codeFor(key, 10));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('That code does not match').waitFor();

    await page.getByLabel('Six-digit code').fill(codeFor(key));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    for (const code of await codes.allTextContents()) expect(code).toMatch(/^[2-9a-z]{5}-[2-9a-z]{5}$/);
    await page.screenshot({ path: artifactPath('mfa-1-recovery-codes.png') });
    await checkPage(page, 'recovery codes');

    const done = page.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true);
    await page.getByLabel('I have saved my recovery codes somewhere safe').check();
    await done.click();
    const totp = page.getByRole('region', { name: 'Authenticator app' });
    await totp.getByText('On', { exact: true }).waitFor();
    await totp.getByRole('button', { name: 'Remove' }).waitFor();
    // The enrolment banner has become the way back.
    await page.getByRole('link', { name: 'Continue where you were' }).waitFor();
    expect(await page.getByTestId('recovery-codes-left').textContent()).toMatch(/10 of 10/);
  });

  it('adds a passkey with the virtual authenticator, names it, renames it', async () => {
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Name this passkey' });
    await dialog.waitFor();
    await checkPage(page, 'name a passkey');
    await dialog.getByLabel('Name').fill('Test laptop');
    await dialog.getByRole('button', { name: 'Save passkey' }).click();
    await toast(page, 'Passkey added').waitFor();
    const item = page.getByTestId('passkey').filter({ hasText: 'Test laptop' });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Last used\s*never/);
    // The owner is told by mail, naming the passkey.
    const added = (await mailsTo(context.request, email)).find((m) => m.subject === 'A passkey was added to your Custos account');
    expect(added?.text).toContain('“Test laptop”');

    // The authenticator holds one discoverable credential for this site.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);
    expect(credentials[0].rpId).toBe('localhost');

    await page.getByRole('button', { name: 'Rename Test laptop' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename passkey' });
    await rename.getByLabel('Name').fill('');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.getByText('Name the passkey').waitFor();
    await rename.getByLabel('Name').fill('Work laptop');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await page.getByTestId('passkey').filter({ hasText: 'Work laptop' }).waitFor();
    expect(await page.getByTestId('passkey').count()).toBe(1);

    // A second add from the same authenticator is refused by the browser (it is excluded): said in words.
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('This passkey or security key is already on your account.').waitFor();
  });

  it('makes new recovery codes, and fits a phone', async () => {
    const card = page.getByRole('region', { name: 'Recovery codes' });
    await card.getByRole('button', { name: 'Make new codes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make new recovery codes?' });
    await dialog.getByRole('button', { name: 'Make new codes' }).click();
    const codes = card.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByLabel('I have saved my recovery codes somewhere safe').check();
    await card.getByRole('button', { name: 'Done' }).click();

    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('passkey').first().waitFor();
    await page.screenshot({ path: artifactPath('mfa-2-security-phone.png'), fullPage: true });
    await checkPage(page, 'security page');
    await page.setViewportSize(DESKTOP);
  });

  it('removes the passkey and the app, each after a confirmation', async () => {
    await page.getByRole('button', { name: 'Remove Work laptop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Work laptop?' });
    await checkPage(page, 'remove passkey');
    await dialog.getByRole('button', { name: 'Remove passkey' }).click();
    await toast(page, 'Passkey removed').waitFor();
    await page.getByText('No passkeys yet.').waitFor();
    const removed = (await mailsTo(context.request, email)).find((m) => m.subject === 'A passkey was removed from your Custos account');
    expect(removed?.text).toContain('“Work laptop” can no longer be used');

    await page.getByRole('region', { name: 'Authenticator app' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: 'Remove the authenticator app?' }).getByRole('button', { name: 'Remove app' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
    expect(await page.getByRole('region', { name: 'Authenticator app' }).textContent()).toContain('Off');
    expect(errors).toEqual([]);
  });

  it('an admin resets second factors from the member page', async () => {
    // An authenticator app again, through the API this time (the console's own cookie, from its own origin).
    const headers = { origin: server.url };
    const started = await page.request.post(`${server.url}/api/v1/me/mfa/totp`, { headers });
    expect(started.status(), await started.text()).toBe(200);
    const { secret } = (await started.json()) as { secret: string };
    const confirmed = await page.request.post(`${server.url}/api/v1/me/mfa/totp/confirm`, { headers, data: { code: codeFor(secret) } });
    expect(confirmed.status(), await confirmed.text()).toBe(200);

    // Their own tenant, where they are the admin.
    const slug = `fay-${Date.now().toString(36)}`;
    const tenant = await page.request.post(`${server.url}/api/v1/tenants`, { headers, data: { slug, name: 'Fay Labs' } });
    expect(tenant.status(), await tenant.text()).toBe(201);
    const members = await page.request.get(`${server.url}/api/v1/tenants/${slug}/members`);
    const me = ((await members.json()) as { data: Array<{ id: string }> }).data[0];

    await page.goto(`${server.url}/t/${slug}/members/${me.id}`);
    const card = page.getByRole('region', { name: 'Second factors' });
    await card.getByRole('button', { name: 'Reset second factors' }).click();
    const dialog = page.getByRole('dialog', { name: /Reset the second factors of/ });
    await checkPage(page, 'reset second factors');
    await dialog.getByRole('button', { name: 'Reset second factors' }).click();
    await toast(page, /Second factors of .* reset/).waitFor();
    await page.getByText('Removed an authenticator app and 10 recovery codes.').first().waitFor();

    const status = await page.request.get(`${server.url}/api/v1/me/mfa`);
    expect(await status.json()).toEqual({ totp: false, passkeys: [], recoveryCodesLeft: 0 });
    expect(errors).toEqual([]);
  });
});
