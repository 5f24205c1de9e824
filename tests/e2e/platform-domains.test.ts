import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, checkPage as checkFitsAndAxe, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// A platform admin verifies a tenant's domain without DNS from /admin/tenants, in Chromium against the production
// build with the demo data: the tenant admins add domains through the API; the row menu opens "Domains…", which lists
// them; "Verify for this tenant" asks first (air-gapped sites, recorded on both trails), then the row shows how it was
// verified. A domain that another tenant verified first is refused in place (409). axe finds no critical or serious
// problem and nothing scrolls sideways, at 1440 and at 390 px.
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

const checkPage = (page: Page, what: string) => checkFitsAndAxe(page, what, { sizes: [PHONE, DESKTOP] });

async function addDomain(page: Page, tenant: string, domain: string): Promise<string> {
  const res = await page.request.post(`${server.url}/api/v1/tenants/${tenant}/domains`, {
    data: { domain },
    headers: { origin: server.url },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('a platform admin verifies a tenant domain from the console', () => {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let root: Page;
  let acmeAdmin: Page;
  let globexAdmin: Page;

  beforeAll(async () => {
    const context = async () => {
      const c = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
      contexts.push(c);
      return c;
    };
    root = await signInPage(await context(), server.url, 'root@custos.test', { errors });
    acmeAdmin = await signInPage(await context(), server.url, 'admin@acme.test', { errors });
    globexAdmin = await signInPage(await context(), server.url, 'admin@globex.test', { errors });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('opens the domains of a tenant from its row menu, verifies one after confirming, and shows a 409 in place', async () => {
    const stamp = Date.now().toString(36);
    const mine = `air-${stamp}.example`;
    const contested = `shared-${stamp}.example`;
    await addDomain(acmeAdmin, 'acme', mine);
    await addDomain(acmeAdmin, 'acme', contested);
    const globexId = await addDomain(globexAdmin, 'globex', contested);
    const first = await root.request.post(`${server.url}/api/v1/admin/tenants/globex/domains/${globexId}/verify`, {
      headers: { origin: server.url },
    });
    expect(first.status()).toBe(200);

    await root.goto(`${server.url}/admin/tenants`);
    const row = root.getByTestId('tenant-row').filter({ hasText: '/t/acme' });
    await row.getByRole('button', { name: /^Actions for / }).click();
    await root.getByRole('menuitem', { name: 'Domains…' }).click();
    const dialog = root.getByRole('dialog', { name: 'Domains of Acme Pharma' });
    const item = dialog.getByTestId('tenant-domain').filter({ hasText: mine });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain('Not verified');
    await checkPage(root, 'domains dialog');

    await item.getByRole('button', { name: 'Verify for this tenant' }).click();
    const confirmText = await item.textContent();
    expect(confirmText).toContain('air-gapped');
    expect(confirmText).toContain('recorded on the platform’s audit trail and the tenant’s');
    await checkPage(root, 'domains dialog, confirming');
    await item.getByRole('button', { name: 'Verify domain' }).click();
    await expect.poll(() => item.textContent()).toContain('Verified by a platform administrator');
    expect(await item.getByRole('button', { name: 'Verify for this tenant' }).count()).toBe(0);
    await checkPage(root, 'domains dialog, verified');

    const listed = await acmeAdmin.request.get(`${server.url}/api/v1/tenants/acme/domains`);
    const domains = ((await listed.json()) as { data: { domain: string; verified: boolean; verifiedMethod: string | null }[] }).data;
    expect(domains.find((d) => d.domain === mine)).toMatchObject({ verified: true, verifiedMethod: 'platform' });

    const clash = dialog.getByTestId('tenant-domain').filter({ hasText: contested });
    await clash.getByRole('button', { name: 'Verify for this tenant' }).click();
    await clash.getByRole('button', { name: 'Verify domain' }).click();
    const refusal = clash.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('already verified by another tenant');
    expect(await clash.textContent()).toContain('Not verified');
    await checkPage(root, 'domains dialog, refused');

    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });
});
