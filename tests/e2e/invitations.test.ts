import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// The invitee's journey of issue 5, in Chromium against the production build with the demo data: an admin
// invites by email; the link, read from the dev mailbox, takes a newcomer through creating an account
// straight into the tenant, and a person with an account through signing in and accepting; signed in as
// someone else, the page says so and offers to sign out; a used or revoked link says so plainly.
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

const PASSWORD = 'custos-demo-pass';

const signIn = (context: BrowserContext, email: string, password = PASSWORD) => signInPage(context, server.url, email, { password });

/** Invite through the API with the admin's console session (the console's own API). */
async function invite(admin: Page, email: string, roleName: string): Promise<{ id: string }> {
  const roles = await admin.request.get(`${server.url}/api/v1/tenants/acme/roles?limit=200`);
  expect(roles.status()).toBe(200);
  const role = ((await roles.json()).data as Array<{ id: string; name: string }>).find((r) => r.name === roleName)!;
  const res = await admin.request.post(`${server.url}/api/v1/tenants/acme/invitations`, {
    data: { email, roles: [role.id] },
    headers: { origin: server.url },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** The invitation link of the newest mail to `to`, as the dev mailbox lists it, on this server. */
async function inviteLink(page: Page, to: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const res = await page.request.get(`${server.url}/api/dev/mail?to=${encodeURIComponent(to)}`);
    if (res.ok()) {
      const mails = (await res.json()) as Array<{ links: string[] }>;
      const link = mails.flatMap((m) => m.links).find((l) => l.includes('/invite/'));
      if (link) return link.replace(/^https?:\/\/[^/]+/, server.url);
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no invitation mail for ${to}`);
}

function watchErrors(page: Page, errors: string[]) {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
}

describe('invitee journey', () => {
  it('a newcomer follows the mail link, creates an account and lands in the tenant; the link is then spent', async () => {
    const errors: string[] = [];
    const admin = await signIn(await browser.newContext({ viewport: { width: 1360, height: 900 } }), 'admin@acme.test');
    watchErrors(admin, errors);
    const email = `newcomer-${Date.now().toString(36)}@example.com`;

    // The admin invites on the invitations page: seats shown, the dialog, a toast, the new row.
    await admin.goto(`${server.url}/t/acme/invitations`);
    await admin
      .getByTestId('seats')
      .getByText(/of 25 seats used/)
      .waitFor();
    const seatsBefore = await admin.getByTestId('seats').textContent();
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite people' });
    await dialog.getByLabel('Email address', { exact: true }).fill(email);
    await dialog.getByRole('checkbox', { name: /^operator/ }).check();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await admin
      .getByRole('region', { name: /notification/i })
      .getByText('Invitation sent')
      .waitFor();
    await admin.getByTestId('invitation-row').filter({ hasText: email }).waitFor();
    await expect.poll(() => admin.getByTestId('seats').textContent()).not.toBe(seatsBefore);
    await admin.screenshot({ path: artifactPath('invite-0-admin-page.png') });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watchErrors(page, errors);
    await page.goto(`${server.url}/dev/mail?to=${encodeURIComponent(email)}`);
    await page
      .getByText(/invited you to Acme Pharma/)
      .first()
      .waitFor();
    await page.screenshot({ path: artifactPath('invite-1-mailbox.png') });

    const link = await inviteLink(page, email);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Acme Pharma' }).waitFor();
    await expect(page.getByText(/invited .* as operator/).textContent()).resolves.toContain(email);
    await page.screenshot({ path: artifactPath('invite-2-new-account.png') });

    // A password the policy refuses is named beside its field; nothing is created.
    await page.getByLabel('Name', { exact: true }).fill('Nina Newcomer');
    await page.getByLabel('Password', { exact: true }).fill('tenletters'); // past the form's floor of 8, short of the rules' 12
    await page.getByRole('button', { name: 'Create account and join' }).click();
    // The tenant's rules (12 characters by default) are shown up front; the refusal is the field's own error.
    await expect.poll(() => page.locator('[data-slot="field-error"]').first().textContent()).toMatch(/at least 12 characters/i);
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Password', { exact: true }).fill('a long and unusual passphrase');
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.waitForURL((url) => url.pathname === '/t/acme');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Batches' }).waitFor();
    await page.screenshot({ path: artifactPath('invite-3-landed.png') });

    // The same link again: already accepted, with the way into the tenant.
    await page.goto(link);
    await page.getByRole('heading', { name: 'This invitation was already accepted' }).waitFor();
    await page.screenshot({ path: artifactPath('invite-4-used.png') });
    expect(errors).toEqual([]);
  });

  it('a person with an account signs in from the link and accepts; signed in as someone else, the page says so', async () => {
    const errors: string[] = [];
    const admin = await signIn(await browser.newContext(), 'admin@acme.test');
    // operator@globex.test has an account (in Globex), not yet in Acme.
    await invite(admin, 'operator@globex.test', 'viewer');
    const link = await inviteLink(admin, 'operator@globex.test');

    // Signed in as another person: said plainly, with a way to sign out and continue.
    const other = await signIn(await browser.newContext(), 'viewer@acme.test');
    watchErrors(other, errors);
    await other.goto(link);
    await other.getByText('Signed in as someone else').waitFor();
    const warning = other.locator('[data-slot="alert"]').filter({ hasText: 'Signed in as someone else' });
    await expect(warning.textContent()).resolves.toMatch(/viewer@acme\.test.*operator@globex\.test/);
    await other.screenshot({ path: artifactPath('invite-5-wrong-account.png') });
    await other.getByRole('button', { name: /sign out and continue/i }).click();
    await other.getByRole('link', { name: 'Sign in to accept' }).waitFor();

    // Signed out: "sign in to accept", the sign-in page knows the address and comes back to the invitation.
    const context = await browser.newContext();
    const page = await context.newPage();
    watchErrors(page, errors);
    await page.goto(link);
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('operator@globex.test');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /^sign in$/i }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/invite/'));
    await page.getByRole('button', { name: 'Accept invitation' }).waitFor();
    await page.screenshot({ path: artifactPath('invite-6-existing-account.png') });
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL((url) => url.pathname === '/t/acme');

    // Now in two tenants: the switcher offers both.
    const me = await page.request.get(`${server.url}/api/v1/me`);
    const slugs = ((await me.json()).memberships as Array<{ tenant: { slug: string } }>).map((m) => m.tenant.slug);
    expect(slugs).toEqual(expect.arrayContaining(['acme', 'globex']));
    expect(errors).toEqual([]);
  });

  it('a revoked invitation shows a clear page with whom to ask', async () => {
    const admin = await signIn(await browser.newContext(), 'admin@acme.test');
    const email = `withdrawn-${Date.now().toString(36)}@example.com`;
    const { id } = await invite(admin, email, 'viewer');
    const link = await inviteLink(admin, email);
    const revoked = await admin.request.delete(`${server.url}/api/v1/tenants/acme/invitations/${id}`, { headers: { origin: server.url } });
    expect(revoked.status()).toBe(200);
    const page = await (await browser.newContext()).newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'This invitation was withdrawn' }).waitFor();
    await expect(page.getByText(/Ask .* to send you a new invitation/).textContent()).resolves.toContain('Acme Pharma');
    await page.screenshot({ path: artifactPath('invite-7-revoked.png') });
  });
});
