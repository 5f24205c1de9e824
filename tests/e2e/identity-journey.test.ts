import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from './browser';
import { startServer, type RunningServer } from './server';

// A newcomer's first minutes, in Chromium against the production build: sign up, read the mail in the
// dev mailbox, confirm the address, a wrong password, sign in, create a tenant, edit the profile, sign out.
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

async function linkFromMailbox(page: Page, to: string, pathPart: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const res = await page.request.get(`${server.url}/api/dev/mail?to=${encodeURIComponent(to)}`);
    if (res.ok()) {
      const mails = (await res.json()) as Array<{ links: string[] }>;
      const link = mails.flatMap((m) => m.links).find((l) => l.includes(pathPart));
      if (link) return link;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no mail with a ${pathPart} link for ${to}`);
}

describe('identity journey', () => {
  it('signs up, verifies by mail, signs in, edits the profile and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = `newcomer-${Date.now()}@example.com`;
    const password = 'a long and unusual passphrase';

    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Name', { exact: true }).fill('Nora Newcomer');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: /create account|sign up/i }).click();
    await page
      .getByText(/check your (inbox|email)/i)
      .first()
      .waitFor();
    await page.screenshot({ path: artifactPath('journey-1-signed-up.png') });

    // The mail, as the dev mailbox shows it, and its link.
    await page.goto(`${server.url}/dev/mail?to=${encodeURIComponent(email)}`);
    await page.getByText('Confirm your email address').first().waitFor();
    await page.screenshot({ path: artifactPath('journey-2-mailbox.png') });
    const verifyLink = await linkFromMailbox(page, email, '/verify-email/');
    await page.goto(verifyLink.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByRole('button', { name: /confirm/i }).click();
    await page
      .getByText(/confirmed/i)
      .first()
      .waitFor();

    // A wrong password shows the error beside the form, and says nothing about whether the account exists.
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not my password at all');
    await page.getByRole('button', { name: /^sign in$/i }).click();
    const alert = page.getByRole('alert').filter({ hasText: /incorrect/i });
    await alert.waitFor();
    await page.screenshot({ path: artifactPath('journey-3-wrong-password.png') });

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: /^sign in$/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.getByText(/not in any tenant yet/i).waitFor();
    await page.screenshot({ path: artifactPath('journey-4-signed-in.png') });

    // Create a first tenant from the empty state: the address follows the name, and it opens the console.
    await page.getByLabel('Organisation name').fill('Nora Labs');
    expect(await page.getByLabel('Address').inputValue()).toBe('nora-labs');
    const slug = `nora-labs-${Date.now().toString(36)}`;
    await page.getByLabel('Address').fill(slug);
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.waitForURL(new RegExp(`/t/${slug}$`));
    await page.getByRole('heading', { name: 'Nora Labs' }).waitFor();
    await page.screenshot({ path: artifactPath('journey-4b-tenant-created.png') });

    // Edit the profile.
    await page.goto(`${server.url}/account`);
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('Nora N. Newcomer');
    await page.getByRole('button', { name: /save/i }).first().click();
    await page
      .getByText(/saved|updated/i)
      .first()
      .waitFor();
    await page.reload();
    // The saved name is in the server-rendered page itself, before any script runs.
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('value')).toBe('Nora N. Newcomer');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Nora N. Newcomer');
    await page.screenshot({ path: artifactPath('journey-5-profile.png') });

    // Sign out from the user menu; the account page then asks for a sign-in again.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: /sign out/i }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${server.url}/account`);
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });
});
