import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Issue 16, the quality lists in Chromium against the production build with the demo data: the batch list ordered
// by a column header (aria-sort, the URL, the order of the rows, kept over a reload), the audit trail filtered by a
// person picked by name, a record type and a date range, and both pages fitting a 390 px wide phone.
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

const signIn = (context: BrowserContext, email: string) => signInPage(context, server.url, email);

function watchErrors(page: Page, errors: string[]) {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
}

/** A date of the browser's calendar, `days` from today, as a date input takes it. */
const localDate = (page: Page, days: number) =>
  page.evaluate((d) => {
    const at = new Date(Date.now() + d * 86_400_000);
    return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  }, days);

const batchNumbers = (page: Page) => page.getByTestId('batch-row').locator('td[data-column="number"]').allInnerTexts();

describe('quality lists', () => {
  it('orders the batches by a column header: aria-sort, the URL and the rows follow, and a reload keeps it', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, 'viewer@acme.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/t/acme/batches`);
    const table = page.getByRole('table', { name: 'Batches' });
    await table.waitFor();
    const created = table.getByRole('columnheader', { name: 'Created' });
    await expect(created.getAttribute('aria-sort')).resolves.toBe('descending');

    const header = table.getByRole('columnheader', { name: 'Batch' });
    await header.getByRole('button').click();
    await page.waitForURL(/[?&]sort=number&dir=asc/);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect(created.getAttribute('aria-sort')).resolves.toBeNull();
    const ascending = (await batchNumbers(page)).map((n) => n.trim());
    expect(ascending.length).toBeGreaterThan(2);
    expect(ascending).toEqual([...ascending].sort());

    await header.getByRole('button').click();
    await page.waitForURL(/[?&]sort=number&dir=desc/);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await batchNumbers(page)).map((n) => n.trim())).toEqual([...ascending].reverse());

    await page.reload();
    await table.waitFor();
    await expect(table.getByRole('columnheader', { name: 'Batch' }).getAttribute('aria-sort')).resolves.toBe('descending');
    expect((await batchNumbers(page)).map((n) => n.trim())).toEqual([...ascending].reverse());
    await page.screenshot({ path: artifactPath('batches-sorted-by-number.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters the audit trail by a person picked by name, a record type and a date range', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, 'admin@acme.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/t/acme/audit`);
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    const form = page.getByRole('form', { name: 'Filter the audit trail' });

    // The person: typed, chosen with the keyboard from the listbox; the name shows, not the id.
    const person = form.getByRole('combobox', { name: 'Person' });
    await person.fill('omar');
    const option = page.getByRole('listbox', { name: 'People' }).getByRole('option', { name: /Omar Operator/ });
    await option.waitFor();
    await expect(person.getAttribute('aria-expanded')).resolves.toBe('true');
    await person.press('ArrowDown');
    await person.press('Enter');
    await expect(form.getByTestId('picked-person').innerText()).resolves.toContain('Omar Operator');

    await form.getByLabel('Record type').selectOption({ label: 'Batch' });

    // Dates the wrong way round are refused with a message; then the right way round.
    const today = await localDate(page, 0);
    await form.getByLabel('From', { exact: true }).fill(await localDate(page, 1));
    await form.getByLabel('To', { exact: true }).fill(await localDate(page, -1));
    await expect(form.getByText('The “to” date is before the “from” date.').isVisible()).resolves.toBe(true);
    await expect(form.getByRole('button', { name: 'Apply filters' }).isDisabled()).resolves.toBe(true);
    await form.getByLabel('From', { exact: true }).fill(today);
    await form.getByLabel('To', { exact: true }).fill(today);
    await form.getByRole('button', { name: 'Apply filters' }).click();

    await page.waitForURL((url) => url.searchParams.get('targetType') === 'batch' && url.searchParams.get('from') === today);
    const url = new URL(page.url());
    expect(url.searchParams.get('actorId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(url.searchParams.get('to')).toBe(today);
    const rows = page.getByTestId('audit-event');
    // Every event on a batch record by that person (also notes, files and serials on a batch, which other tests add).
    await expect
      .poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-target-type')))))
      .toEqual(new Set(['batch']));
    expect(await rows.count()).toBeGreaterThan(0);
    const actors = await rows.locator('td[data-label="Actor"]').allInnerTexts();
    expect(actors.every((a) => a.includes('Omar Operator'))).toBe(true);

    // Kept over a reload: the person shows by name again, and "Clear filters" empties the URL of them.
    await page.reload();
    await expect.poll(() => form.getByTestId('picked-person').innerText()).toContain('Omar Operator');
    await expect(form.getByLabel('Record type').inputValue()).resolves.toBe('batch');
    await page.screenshot({ path: artifactPath('audit-filters-after.png'), fullPage: true });
    await form.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((u) => !u.searchParams.has('actorId') && !u.searchParams.has('targetType'));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits the batches and the audit trail on a 390 px phone with no sideways scroll', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await signIn(context, 'admin@acme.test');
    for (const path of ['/t/acme/batches', '/t/acme/batches?sort=product&dir=desc', '/t/acme/audit', '/t/acme/audit?dir=asc']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('table').first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBe(390);
    }
    // An event opened on the phone still fits.
    await page.getByTestId('audit-event').first().getByRole('button').first().click();
    await page.locator('tr[id$="-details"]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await page.screenshot({ path: artifactPath('audit-phone.png'), fullPage: true });
    await context.close();
  });
});
