import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, checkPage as checkFitsAndAxe, launchBrowser, signInPage, submitSignInForm } from './browser';
import { startServer, type RunningServer } from './server';

// The account lifecycle in Chromium against the production build with the demo data: a tenant admin suspends a member
// on the member page (reason dialog, Suspended badge), and the member's console then shows that their access to the
// tenant is suspended, until the admin reactivates them; a platform admin deactivates an account on People
// (/admin/users), after which that person's sign-in is refused with a clear sentence, and reactivates it. axe finds no
// critical or serious problem and nothing scrolls sideways, at 1440 and at 390 px.
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

/** At both widths: fits, and axe is clean. Leaves the page at desktop width. */
const checkPage = (page: Page, what: string) => checkFitsAndAxe(page, what, { sizes: [PHONE, DESKTOP] });

async function memberId(page: Page, email: string): Promise<string> {
  const res = await page.request.get(`${server.url}/api/v1/tenants/acme/members?q=${encodeURIComponent(email)}`);
  return ((await res.json()) as { data: Array<{ id: string }> }).data[0].id;
}

describe('a tenant admin suspends a member', () => {
  let adminContext: BrowserContext;
  let memberContext: BrowserContext;
  let admin: Page;
  let operator: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    adminContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    memberContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(adminContext, server.url, 'admin@acme.test', { errors });
    operator = await signInPage(memberContext, server.url, 'operator@acme.test', { errors });
  });
  afterAll(async () => {
    await adminContext?.close();
    await memberContext?.close();
  });

  it('on the member page, with a reason; the member then sees their access is suspended; reactivation restores it', async () => {
    await operator.goto(`${server.url}/t/acme`);
    await operator.getByRole('navigation').first().waitFor();

    const id = await memberId(admin, 'operator@acme.test');
    await admin.goto(`${server.url}/t/acme/members/${id}`);
    await admin.getByRole('button', { name: 'Suspend', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: /^Suspend / });
    await dialog.getByLabel(/Reason/).fill('On leave until March');
    await checkPage(admin, 'suspend dialog');
    await dialog.getByRole('button', { name: 'Suspend member' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => admin.getByTestId('member-status').textContent()).toBe('Suspended');
    await admin.getByRole('button', { name: 'Reactivate', exact: true }).waitFor();
    await checkPage(admin, 'member page of a suspended member');

    // The member's console: a page saying so, for this tenant.
    await operator.goto(`${server.url}/t/acme/batches`);
    await operator.getByRole('heading', { name: 'Your access to this tenant is suspended' }).waitFor();
    await checkPage(operator, 'suspended member page');
    const api = await operator.request.get(`${server.url}/api/v1/tenants/acme/batches`);
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { code: string }).code).toBe('member_suspended');

    // The list marks them.
    await admin.goto(`${server.url}/t/acme/members?status=suspended`);
    await admin.getByTestId('member-suspended').first().waitFor();

    await admin.goto(`${server.url}/t/acme/members/${id}`);
    await admin.getByRole('button', { name: 'Reactivate', exact: true }).click();
    const back = admin.getByRole('dialog', { name: /^Reactivate / });
    await back.getByRole('button', { name: 'Reactivate member' }).click();
    await back.waitFor({ state: 'hidden' });
    await expect.poll(() => admin.getByTestId('member-status').textContent()).toBe('Active');
    await operator.goto(`${server.url}/t/acme/batches`);
    await operator.getByRole('heading', { name: 'Batches' }).first().waitFor();
    expect(errors).toEqual([]);
  });
});

describe('a platform admin deactivates an account', () => {
  let rootContext: BrowserContext;
  let root: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    rootContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    root = await signInPage(rootContext, server.url, 'root@custos.test', { errors });
  });
  afterAll(() => rootContext?.close());

  it('on People, with a confirmation; the person can no longer sign in until reactivated', async () => {
    const personContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const person = await signInPage(personContext, server.url, 'qa2@acme.test', { errors });

    await root.goto(`${server.url}/admin/users`);
    await root.getByRole('link', { name: 'People' }).waitFor();
    await checkPage(root, 'people');
    await root.getByLabel('Search people').fill('qa2@acme.test');
    await root.getByRole('button', { name: 'Search' }).click();
    await root.waitForURL(/q=qa2/);
    const row = root.getByTestId('user-row').filter({ hasText: 'qa2@acme.test' });
    await row.getByRole('button', { name: /^Actions for / }).click();
    await root.getByRole('menuitem', { name: 'Deactivate…' }).click();
    const dialog = root.getByRole('dialog', { name: /^Deactivate / });
    await dialog.getByLabel(/Reason/).fill('Left the company');
    await checkPage(root, 'deactivate dialog');
    await dialog.getByRole('button', { name: 'Deactivate account' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.getAttribute('data-status')).toBe('deactivated');

    // Their open console session ended at once: the next page asks them to sign in.
    await person.goto(`${server.url}/t/acme`);
    await person.waitForURL(/\/sign-in/);
    await submitSignInForm(person, 'qa2@acme.test', 'custos-demo-pass');
    await person.getByText('This account has been deactivated').waitFor();
    await personContext.close();

    await row.getByRole('button', { name: /^Actions for / }).click();
    await root.getByRole('menuitem', { name: 'Reactivate…' }).click();
    const back = root.getByRole('dialog', { name: /^Reactivate / });
    await back.getByRole('button', { name: 'Reactivate account' }).click();
    await back.waitFor({ state: 'hidden' });
    await expect.poll(() => row.getAttribute('data-status')).toBe('active');
    const again = await browser.newContext({ viewport: DESKTOP });
    await signInPage(again, server.url, 'qa2@acme.test', { errors });
    await again.close();
    expect(errors).toEqual([]);
  });
});
