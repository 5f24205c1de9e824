import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_CSV_COLUMNS } from '@/lib/tenancy/export-members';
import { parseCsv } from '../support/csv';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// The members export in Chromium against the production build with the demo data: QA filters and orders
// the members list, opens Export, and downloads the spreadsheet: the file holds exactly the members the list shows
// for those filters, in its order, with one column per defined attribute; the JSON item carries the filters too.
// The open menu is axe clean and nothing scrolls sideways, at 1440 and at 390 px. Nothing is changed in the tenant.
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

const QUERY = 'q=acme.test&sort=name&dir=desc';

describe('members export in the console', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', acceptDownloads: true });
    page = await signInPage(context, server.url, 'qa@acme.test', { errors });
  });
  afterAll(() => context?.close());

  it('downloads the filtered list as CSV: the same members in the same order, a column per attribute', async () => {
    await page.goto(`${server.url}/t/acme/members?${QUERY}`);
    await loaded(page);
    await page.getByTestId('member-row').first().waitFor();
    await page.getByTestId('members-export-menu').click();
    const csv = page.getByRole('menuitem', { name: 'Spreadsheet (CSV)' });
    await csv.waitFor();
    expect(await csv.getAttribute('href')).toBe(`/api/v1/tenants/acme/members/export?q=acme.test&sort=name&dir=desc&format=csv`);
    expect(await page.getByRole('menuitem', { name: 'Data (JSON)' }).getAttribute('href')).toMatch(/format=json$/);
    await checkPage(page, 'members export menu', { sizes: [DESKTOP] });

    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    expect(download.suggestedFilename()).toMatch(/^members-acme-\d{4}-\d\d-\d\d\.csv$/);
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), 'utf8'));

    const tenant = (await (await page.request.get(`${server.url}/api/v1/tenants/acme`)).json()) as {
      settings: { memberAttributes: Array<{ label: string }> };
    };
    expect(header.slice(0, MEMBER_CSV_COLUMNS.length)).toEqual([...MEMBER_CSV_COLUMNS]);
    expect(header).toHaveLength(MEMBER_CSV_COLUMNS.length + tenant.settings.memberAttributes.length);

    const listed = (await (await page.request.get(`${server.url}/api/v1/tenants/acme/members?${QUERY}&limit=200`)).json()) as {
      data: Array<{ id: string; user: { email: string } }>;
    };
    expect(listed.data.length).toBeGreaterThan(1);
    expect(rows.map((r) => r[0])).toEqual(listed.data.map((m) => m.id));
    expect(rows.map((r) => r[2])).toEqual(listed.data.map((m) => m.user.email));
    expect(errors).toEqual([]);
  });

  it('fits a 390 px phone with the menu open, axe clean', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/t/acme/members?${QUERY}`);
    await loaded(page);
    await page.getByTestId('members-export-menu').click();
    await page.getByRole('menuitem', { name: 'Spreadsheet (CSV)' }).waitFor();
    await checkPage(page, 'members export menu on a phone');
    await page.screenshot({ path: artifactPath('members-export-phone.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await page.setViewportSize(DESKTOP);
    expect(errors).toEqual([]);
  });
});
