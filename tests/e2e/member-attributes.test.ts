import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// Custom member attributes in Chromium against the production build with the demo data: the admin defines two
// attributes in the tenant settings (a choice and a text), sets them on a member's page through the Edit dialog
// (a bad value refused beside its field, nothing saved), filters the members list by each; axe finds no critical or
// serious problem and nothing scrolls sideways, at 1440 and at 390 px. The account page lists an invitation waiting.
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

async function memberId(page: Page, email: string): Promise<string> {
  const res = await page.request.get(`${server.url}/api/v1/tenants/acme/members?q=${encodeURIComponent(email)}`);
  return ((await res.json()) as { data: Array<{ id: string }> }).data[0].id;
}

const rowEmails = async (page: Page) => {
  await loaded(page);
  return page.getByTestId('member-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
};

describe('member attributes in the console', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
  });
  afterAll(() => context?.close());

  it('the admin defines a choice and a text attribute in the settings', async () => {
    await admin.goto(`${server.url}/t/acme/settings`);
    const section = admin.getByTestId('member-attributes-settings');
    await section.getByText('No attributes yet').waitFor();

    await section.getByRole('button', { name: 'Add attribute' }).click();
    let dialog = admin.getByRole('dialog', { name: 'Add an attribute' });
    await dialog.getByLabel('Label').fill('Site');
    expect(await dialog.getByLabel('Key').inputValue()).toBe('site');
    await dialog.getByLabel('Kind').selectOption('choice');
    // A choice without options is refused beside the field.
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await dialog.getByText('A choice needs at least one option.').waitFor();
    await dialog.getByLabel('Options').fill('Berlin\nBasel\n');
    await dialog.getByLabel('Required').check();
    await checkPage(admin, 'add attribute dialog');
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await toast(admin, 'Attribute Site added').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await section.getByRole('button', { name: 'Add attribute' }).click();
    dialog = admin.getByRole('dialog', { name: 'Add an attribute' });
    await dialog.getByLabel('Label').fill('Employee ID');
    expect(await dialog.getByLabel('Key').inputValue()).toBe('employee_id');
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await toast(admin, 'Attribute Employee ID added').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await section.locator('[data-key="site"]').getByText('Choice from a list: Berlin, Basel').waitFor();
    await section.locator('[data-key="employee_id"]').getByText('Optional').waitFor();
    // Stored through the API as the contract says.
    const tenant = await (await admin.request.get(`${server.url}/api/v1/tenants/acme`)).json();
    expect(tenant.settings.memberAttributes).toEqual([
      { key: 'site', label: 'Site', type: 'choice', options: ['Berlin', 'Basel'], required: true },
      { key: 'employee_id', label: 'Employee ID', type: 'text', required: false },
    ]);
    // Editing keeps the key and the kind.
    await section.getByRole('button', { name: 'Edit Site' }).click();
    dialog = admin.getByRole('dialog', { name: 'Edit Site' });
    expect(await dialog.getByLabel('Key').isDisabled()).toBe(true);
    expect(await dialog.getByLabel('Kind').isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await checkPage(admin, 'settings');
    await admin.screenshot({ path: artifactPath('member-attributes-1-settings.png'), fullPage: true });
  });

  it('sets them on member pages through the Edit dialog; a bad value is refused beside its field', async () => {
    const qa = await memberId(admin, 'qa@acme.test');
    await admin.goto(`${server.url}/t/acme/members/${qa}`);
    const card = admin.getByTestId('member-attributes');
    await card.locator('[data-attribute="site"]').getByText('Not set').waitFor();
    await card
      .getByTestId('attributes-missing')
      .getByText(/Required but not set: Site/)
      .waitFor();
    await checkPage(admin, 'member page');

    await card.getByRole('button', { name: 'Edit attributes' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit attributes' });
    await dialog.getByLabel('Employee ID').fill('QA-0042');
    // The required choice left empty: refused beside it, nothing sent.
    await dialog.getByRole('button', { name: 'Save attributes' }).click();
    await dialog.getByText('Site is required.').waitFor();
    await dialog.getByLabel('Site').selectOption('Basel');
    await checkPage(admin, 'edit attributes dialog');
    await dialog.getByRole('button', { name: 'Save attributes' }).click();
    await toast(admin, 'Attributes saved').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await card.locator('[data-attribute="site"]').getByText('Basel').waitFor();
    await card.locator('[data-attribute="employee_id"]').getByText('QA-0042').waitFor();
    await expect(card.getByTestId('attributes-missing').count()).resolves.toBe(0);
    await admin.screenshot({ path: artifactPath('member-attributes-2-member.png'), fullPage: true });

    // A second member in Berlin, set through the same dialog.
    const operator = await memberId(admin, 'operator@acme.test');
    await admin.goto(`${server.url}/t/acme/members/${operator}`);
    await admin.getByTestId('member-attributes').getByRole('button', { name: 'Edit attributes' }).click();
    const second = admin.getByRole('dialog', { name: 'Edit attributes' });
    await second.getByLabel('Site').selectOption('Berlin');
    await second.getByLabel('Employee ID').fill('OP-0007');
    await second.getByRole('button', { name: 'Save attributes' }).click();
    await toast(admin, 'Attributes saved').waitFor();

    const stored = await (await admin.request.get(`${server.url}/api/v1/tenants/acme/members/${qa}`)).json();
    expect(stored.attributes).toEqual({ site: 'Basel', employee_id: 'QA-0042' });
  });

  it('filters the members list by an attribute, kept in the URL', async () => {
    await admin.goto(`${server.url}/t/acme/members`);
    await loaded(admin);
    const all = await rowEmails(admin);
    expect(all.length).toBeGreaterThan(2);
    await admin.getByLabel('Attribute').selectOption({ label: 'Site' });
    await admin.getByLabel('Site', { exact: true }).selectOption('Basel');
    await admin.waitForURL((url) => url.searchParams.get('attribute') === 'site:Basel');
    await expect.poll(async () => (await rowEmails(admin)).length).toBe(1);
    expect((await rowEmails(admin))[0]).toContain('qa@acme.test');

    await admin.getByLabel('Attribute').selectOption({ label: 'Employee ID' });
    await admin.getByLabel('Employee ID').fill('op-');
    await admin.waitForURL((url) => url.searchParams.get('attribute') === 'employee_id:op-');
    await expect.poll(async () => (await rowEmails(admin)).join('|')).toContain('operator@acme.test');
    expect(await rowEmails(admin)).toHaveLength(1);
    await checkPage(admin, 'members list filtered');
    await admin.screenshot({ path: artifactPath('member-attributes-3-list.png'), fullPage: true });

    // A reload keeps the filter; Clear filters drops it.
    await admin.reload();
    await expect.poll(async () => (await rowEmails(admin)).length).toBe(1);
    await admin.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(async () => (await rowEmails(admin)).length).toBe(all.length);
    expect(errors).toEqual([]);
  });

  it('fits a 390 px phone with no accessibility problem: settings, member page with its dialog, filtered list', async () => {
    const phone = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const page = await signInPage(phone, server.url, 'admin@acme.test', { errors });
    await page.goto(`${server.url}/t/acme/settings`);
    await page.getByTestId('member-attributes-settings').locator('[data-key="site"]').waitFor();
    await checkPage(page, 'settings');
    await page.getByTestId('member-attributes-settings').getByRole('button', { name: 'Add attribute' }).click();
    await page.getByRole('dialog', { name: 'Add an attribute' }).waitFor();
    await checkPage(page, 'add attribute dialog');
    await page.keyboard.press('Escape');

    await page.goto(`${server.url}/t/acme/members/${await memberId(page, 'qa@acme.test')}`);
    await page.getByTestId('member-attributes').getByText('QA-0042').waitFor();
    await checkPage(page, 'member page');
    await page.getByTestId('member-attributes').getByRole('button', { name: 'Edit attributes' }).click();
    await page.getByRole('dialog', { name: 'Edit attributes' }).waitFor();
    await checkPage(page, 'edit attributes dialog');
    await page.keyboard.press('Escape');

    await page.goto(`${server.url}/t/acme/members?attribute=site:Berlin`);
    await expect.poll(async () => (await rowEmails(page)).join('|')).toContain('operator@acme.test');
    await checkPage(page, 'members list filtered');
    await page.screenshot({ path: artifactPath('member-attributes-4-phone.png'), fullPage: true });
    await phone.close();
    expect(errors).toEqual([]);
  });

  it('the account page lists an invitation waiting for the signed-in person', async () => {
    // Globex's admin invites Acme's viewer (an existing account with a verified email).
    const globex = await browser.newContext({ viewport: DESKTOP });
    const globexAdmin = await signInPage(globex, server.url, 'admin@globex.test', { errors });
    const roles = await (await globexAdmin.request.get(`${server.url}/api/v1/tenants/globex/roles?limit=200`)).json();
    const viewerRole = (roles.data as Array<{ id: string; name: string }>).find((r) => r.name === 'viewer')!;
    const invited = await globexAdmin.request.post(`${server.url}/api/v1/tenants/globex/invitations`, {
      data: { email: 'viewer@acme.test', roles: [viewerRole.id] },
      headers: { origin: server.url },
    });
    expect(invited.status(), await invited.text()).toBe(201);
    await globex.close();

    for (const viewport of [DESKTOP, PHONE]) {
      const ctx = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await signInPage(ctx, server.url, 'viewer@acme.test', { errors });
      await page.goto(`${server.url}/account`);
      const card = page.getByTestId('pending-invitations');
      await card.getByText('Globex').first().waitFor();
      await card.getByText(/Invited by .* · open until/).waitFor();
      await card.getByText('viewer', { exact: true }).waitFor();
      await checkPage(page, 'account page');
      if (viewport === PHONE) await page.screenshot({ path: artifactPath('member-attributes-5-invitations-phone.png'), fullPage: true });
      await ctx.close();
    }
    expect(errors).toEqual([]);
  });
});
