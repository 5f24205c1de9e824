import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Issue 16, the last small tables, in Chromium against the production build with the demo data: an inspection's
// Characteristics (order in the URL, ?characteristicssort=), the dashboard's pass rate "Show as table" (?passratesort=,
// on a server-rendered page, so a reload with the order renders the same on the server and in the browser) and an
// audit event's Field / Before / After diff (order kept in the component: one diff per opened event) sort by their
// headers with aria-sort; at 390 px the three pages do not scroll sideways.
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

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 1000 };

/** Uncaught errors, 5xx answers and React's console errors (a hydration mismatch is one). */
function watchErrors(page: Page, errors: string[]) {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const loaded = (page: Page) => page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
const texts = (rows: Locator, column: string) => rows.locator(`td[data-column="${column}"]`).allInnerTexts();
const byText = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

type Characteristic = { name: string; value: number };
type Inspection = { id: string; type: string; characteristics: Characteristic[] };

/** A release inspection of the demo data: three characteristics, recorded in an order that is not by value. */
async function releaseInspection(page: Page): Promise<Inspection> {
  const res = await page.request.get(`${server.url}/api/v1/tenants/acme/batches`);
  const batches = ((await res.json()) as { data: Array<{ id: string }> }).data;
  for (const batch of batches) {
    const list = await page.request.get(`${server.url}/api/v1/tenants/acme/batches/${batch.id}/inspections`);
    const found = ((await list.json()) as { data: Inspection[] }).data.find((i) => i.characteristics.length >= 3);
    if (found) return found;
  }
  throw new Error('no inspection with three characteristics in the demo data');
}

async function openEventDiff(page: Page): Promise<Locator> {
  await page.goto(`${server.url}/t/acme/audit?action=batch.created`);
  await page.getByRole('table', { name: 'Audit events' }).waitFor();
  const row = page.getByTestId('audit-event').first();
  await row.waitFor();
  await row.getByRole('button', { name: /^Show changes: / }).click();
  const diff = page.getByTestId('event-diff').first();
  await diff.waitFor();
  return diff;
}

describe('small tables sort by their headers', () => {
  it('the characteristics of an inspection: a header click sets aria-sort, reorders the rows and lands in the URL', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: DESK });
    const page = await signInPage(context, server.url, 'qa@acme.test');
    watchErrors(page, errors);
    const inspection = await releaseInspection(page);
    const recorded = inspection.characteristics.map((c) => c.name);
    const byValue = [...inspection.characteristics].sort((a, b) => a.value - b.value).map((c) => c.name);
    expect(byValue).not.toEqual(recorded); // the click must change the order

    await page.goto(`${server.url}/t/acme/inspections/${inspection.id}`);
    const table = page.getByRole('table', { name: 'Characteristics' });
    await table.waitFor();
    const rows = table.getByTestId('characteristic');
    // Recorded order first, no header claims an order; every row still says whether it conforms.
    await expect(texts(rows, 'name')).resolves.toEqual(recorded);
    await expect(table.locator('th[aria-sort]').count()).resolves.toBe(0);
    await expect(rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-conforms')))).resolves.toEqual(
      inspection.characteristics.map(() => expect.stringMatching(/^(true|false)$/)),
    );

    const value = table.getByRole('columnheader', { name: 'Value' });
    await value.getByRole('button', { name: 'Value' }).click();
    await page.waitForURL(/[?&]characteristicssort=value&characteristicsdir=asc/);
    await expect.poll(() => value.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => texts(rows, 'name')).toEqual(byValue);

    await value.getByRole('button', { name: 'Value' }).click();
    await page.waitForURL(/characteristicsdir=desc/);
    await expect.poll(() => value.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => texts(rows, 'name')).toEqual([...byValue].reverse());

    // The order survives a reload (it is the URL's).
    await page.reload();
    await table.waitFor();
    await expect(value.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(texts(rows, 'name')).resolves.toEqual([...byValue].reverse());
    await page.screenshot({ path: artifactPath('characteristics-sorted.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the dashboard pass rate "Show as table" sorts, the order in the URL and rendered the same by the server', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: DESK });
    const page = await signInPage(context, server.url, 'admin@acme.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/t/acme`);
    const chart = page.getByTestId('pass-rate-chart');
    await chart.getByText('Show as table').click();
    const table = chart.getByRole('table', { name: 'Pass rate per week' });
    await table.waitFor();
    const rows = table.getByTestId('pass-rate-week');
    const week = table.getByRole('columnheader', { name: 'Week' });
    const inspections = table.getByRole('columnheader', { name: 'Inspections' });

    // Oldest week first, and the Week header says so.
    const weeks = await texts(rows, 'week');
    expect(weeks).toHaveLength(12);
    expect(weeks).toEqual([...weeks].sort(byText));
    await expect(week.getAttribute('aria-sort')).resolves.toBe('ascending');

    // Inspections: most first.
    await inspections.getByRole('button', { name: 'Inspections' }).click();
    await page.waitForURL(/[?&]passratesort=inspections&passratedir=desc/);
    await expect.poll(() => inspections.getAttribute('aria-sort')).toBe('descending');
    await expect(week.getAttribute('aria-sort')).resolves.toBeNull();
    const counts = (await texts(rows, 'inspections')).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts.some((n) => n > 0)).toBe(true);

    // Week again, then turned round: newest week first.
    await week.getByRole('button', { name: 'Week' }).click();
    await page.waitForURL(/passratesort=week&passratedir=asc/);
    await week.getByRole('button', { name: 'Week' }).click();
    await page.waitForURL(/passratesort=week&passratedir=desc/);
    await expect.poll(() => week.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => texts(rows, 'week')).toEqual([...weeks].reverse());

    // A reload renders the table in that order on the server (no hydration mismatch in the errors below).
    await page.reload();
    await chart.getByText('Show as table').click();
    await table.waitFor();
    await expect(week.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(texts(rows, 'week')).resolves.toEqual([...weeks].reverse());
    await page.screenshot({ path: artifactPath('pass-rate-table-sorted.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an opened audit event diff sorts by Field, in the component (the URL stays as it was)', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: DESK });
    const page = await signInPage(context, server.url, 'admin@acme.test');
    watchErrors(page, errors);
    const diff = await openEventDiff(page);
    const table = diff.getByRole('table', { name: 'Changed fields' });
    const rows = diff.getByTestId('diff-row');
    const fields = await texts(rows, 'field');
    expect(fields.length).toBeGreaterThan(2);
    await expect(table.locator('th[aria-sort]').count()).resolves.toBe(0); // field order: as the event recorded them
    const url = page.url();

    const field = table.getByRole('columnheader', { name: 'Field' });
    await field.getByRole('button', { name: 'Field' }).click();
    await expect.poll(() => field.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => texts(rows, 'field')).toEqual([...fields].sort(byText));
    await field.getByRole('button', { name: 'Field' }).click();
    await expect.poll(() => field.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => texts(rows, 'field')).toEqual([...fields].sort(byText).reverse());
    // The rows keep their data-field (the field's path), and the trail's URL is untouched.
    await expect(rows.evaluateAll((els) => els.every((e) => Boolean(e.getAttribute('data-field'))))).resolves.toBe(true);
    expect(page.url()).toBe(url);
    await page.screenshot({ path: artifactPath('event-diff-sorted.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('at 390 px the inspection, the dashboard with its table open and the audit trail with a diff open do not scroll sideways', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const page = await signInPage(context, server.url, 'qa@acme.test');
    watchErrors(page, errors);

    const inspection = await releaseInspection(page);
    await page.goto(`${server.url}/t/acme/inspections/${inspection.id}?characteristicssort=value&characteristicsdir=desc`);
    await page.getByTestId('inspection-review').waitFor();
    await loaded(page);
    const characteristics = page.getByRole('table', { name: 'Characteristics' });
    await expect(characteristics.getByRole('columnheader', { name: 'Value' }).getAttribute('aria-sort')).resolves.toBe('descending');
    expect({ page: 'inspection', width: await scrollWidth(page) }).toEqual({ page: 'inspection', width: 390 });
    await page.screenshot({ path: artifactPath('characteristics-390.png'), fullPage: true });

    await page.goto(`${server.url}/t/acme`);
    const chart = page.getByTestId('pass-rate-chart');
    await chart.getByText('Show as table').click();
    await chart.getByRole('table', { name: 'Pass rate per week' }).waitFor();
    expect({ page: 'dashboard', width: await scrollWidth(page) }).toEqual({ page: 'dashboard', width: 390 });
    await page.screenshot({ path: artifactPath('pass-rate-table-390.png'), fullPage: true });

    const diff = await openEventDiff(page);
    await diff.getByRole('button', { name: 'Field' }).click();
    await expect.poll(() => diff.getByRole('columnheader', { name: 'Field' }).getAttribute('aria-sort')).toBe('ascending');
    expect({ page: 'audit', width: await scrollWidth(page) }).toEqual({ page: 'audit', width: 390 });
    await page.screenshot({ path: artifactPath('event-diff-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
  it('at 1024 px (two columns on the dashboard, the narrowest) the pass rate, characteristics and audit tables fit without scrolling', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await signInPage(context, server.url, 'qa@acme.test');
    watchErrors(page, errors);
    const overflow = (name: string) =>
      page.getByRole('table', { name }).evaluate((t) => t.scrollWidth - (t.parentElement as HTMLElement).clientWidth);

    await page.goto(`${server.url}/t/acme`);
    await page.getByTestId('pass-rate-chart').getByText('Show as table').click();
    await page.getByRole('table', { name: 'Pass rate per week' }).waitFor();
    expect(await overflow('Pass rate per week')).toBeLessThanOrEqual(0);
    expect(await scrollWidth(page)).toBe(1024);

    const inspection = await releaseInspection(page);
    await page.goto(`${server.url}/t/acme/inspections/${inspection.id}`);
    await page.getByRole('table', { name: 'Characteristics' }).waitFor();
    expect(await overflow('Characteristics')).toBeLessThanOrEqual(0);
    expect(await scrollWidth(page)).toBe(1024);

    // The audit trail beside the sidebar: its table, not only the page, fits — as cards at 1024, as a table from 1280
    // (the reason column takes what is left and ends in an ellipsis), whatever the events on this database are.
    await page.goto(`${server.url}/t/acme/audit`);
    await page.getByTestId('audit-event').first().waitFor();
    expect(await overflow('Audit events')).toBeLessThanOrEqual(0);
    expect(await scrollWidth(page)).toBe(1024);
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => overflow('Audit events')).toBeLessThanOrEqual(0);
      expect(await scrollWidth(page)).toBe(width);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
