import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, artifactPath, axeProblems, launchBrowser, loaded, scrollWidth, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// The batch page and the dashboard on a phone (issue 16): at 390 px nothing scrolls sideways (batch page and its tabs,
// inspection page, dashboard) and axe-core finds no critical or serious violation; the lifecycle stepper marks where the
// batch is; a quarantined batch without a release inspection offers "Record the release inspection", which opens the
// record-inspection dialog with the type Release selected; the inspections table sorts by its headers.
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

async function batchId(page: Page, status: string): Promise<string> {
  const res = await page.request.get(`${server.url}/api/v1/tenants/acme/batches?status=${status}`);
  return ((await res.json()) as { data: Array<{ id: string }> }).data[0].id;
}

describe('batch page and dashboard on a phone', () => {
  let context: BrowserContext;
  let operator: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    operator = await signInPage(context, server.url, 'operator@acme.test', { errors });
  });
  afterAll(() => context?.close());

  it('the quarantined batch fits 390 px, its stepper marks quarantine, and the cockpit offers to record the release inspection', async () => {
    const id = await batchId(operator, 'quarantined');
    await operator.goto(`${server.url}/t/acme/batches/${id}`);
    const stepper = operator.getByTestId('lifecycle-stepper');
    await stepper.waitFor();
    await loaded(operator);

    // The stepper: an ordered list, the current step marked with aria-current and in words.
    const current = stepper.locator('ol[aria-label="Batch lifecycle"] > li[aria-current="step"]');
    await expect(current.count()).resolves.toBe(1);
    await expect(current.getAttribute('data-status')).resolves.toBe('quarantined');
    await expect(current.innerText()).resolves.toMatch(/Quarantined\s*:?\s*Now/);
    await expect(stepper.locator('li[data-state="next"]').getAttribute('data-status')).resolves.toBe('under_review');
    await stepper.getByText('Why quarantine comes before review').waitFor();

    expect(await scrollWidth(operator)).toBe(390);
    expect(await axeProblems(operator)).toEqual([]);
    await operator.screenshot({ path: artifactPath('batch-page-390-overview.png'), fullPage: true });

    // The blocker "no release inspection" comes with its action; it opens the dialog with the type Release selected.
    const blocker = operator.getByTestId('release-cockpit').locator('[data-code="release_inspection_missing"]');
    await blocker.getByRole('button', { name: 'Record the release inspection' }).click();
    const dialog = operator.getByRole('dialog', { name: 'Record inspection' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Type').inputValue()).resolves.toBe('release');
    await expect(dialog.getByLabel('Type').locator('option:checked').textContent()).resolves.toBe('Release');
    expect(await scrollWidth(operator)).toBe(390);
    await operator.screenshot({ path: artifactPath('batch-page-390-record-release.png') });
    await operator.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the batch page tabs of the batch record fit 390 px', async () => {
    const id = await batchId(operator, 'under_review');
    for (const tab of ['overview', 'inspections', 'signatures', 'notes']) {
      await operator.goto(`${server.url}/t/acme/batches/${id}?tab=${tab}`);
      await operator.getByTestId('release-cockpit').waitFor();
      await loaded(operator);
      expect({ tab, width: await scrollWidth(operator) }).toEqual({ tab, width: 390 });
      expect({ tab, axe: await axeProblems(operator) }).toEqual({ tab, axe: [] });
    }
    // On a phone the inspections are cards (the table's rows restyled), still in a table with its sort buttons.
    await operator.goto(`${server.url}/t/acme/batches/${id}?tab=inspections`);
    await operator.getByTestId('inspection-row').first().waitFor();
    await operator.screenshot({ path: artifactPath('batch-page-390-inspections.png'), fullPage: true });
  });

  it('the inspection page fits 390 px', async () => {
    const id = await batchId(operator, 'under_review');
    const res = await operator.request.get(`${server.url}/api/v1/tenants/acme/batches/${id}/inspections`);
    const inspection = ((await res.json()) as { data: Array<{ id: string }> }).data[0].id;
    await operator.goto(`${server.url}/t/acme/inspections/${inspection}`);
    await operator.getByTestId('inspection-review').waitFor();
    await loaded(operator);
    expect(await scrollWidth(operator)).toBe(390);
    expect(await axeProblems(operator)).toEqual([]);
  });

  it('the dashboard fits 390 px and its status tiles are named by their visible words', async () => {
    await operator.goto(`${server.url}/t/acme`);
    await operator.getByTestId('status-count').first().waitFor();
    expect(await scrollWidth(operator)).toBe(390);
    expect(await axeProblems(operator)).toEqual([]);
    const tile = operator.locator('[data-testid="status-count"][data-status="under_review"]');
    expect(await tile.getAttribute('aria-label')).toBeNull();
    await operator.getByRole('link', { name: /^\d+ Under review$/ }).waitFor();
    await operator.screenshot({ path: artifactPath('dashboard-390.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});

describe('batch page at 1440 px', () => {
  it('the inspections table sorts by its headers, the order kept in the URL', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
    const id = await batchId(admin, 'in_production');
    await admin.goto(`${server.url}/t/acme/batches/${id}?tab=inspections`);
    const table = admin.getByRole('table', { name: 'Inspections' });
    await table.waitFor();
    const head = (column: string) => table.locator(`th[data-column="${column}"]`);
    await expect(head('performed').getAttribute('aria-sort')).resolves.toBe('descending');
    await table.getByRole('button', { name: /^Performed by/ }).click();
    await admin.waitForURL(/inspectionssort=performer&inspectionsdir=asc/);
    await expect.poll(() => head('performer').getAttribute('aria-sort')).toBe('ascending');
    await table.getByRole('button', { name: /^Performed by/ }).click();
    await admin.waitForURL(/inspectionssort=performer&inspectionsdir=desc/);
    await expect.poll(() => head('performer').getAttribute('aria-sort')).toBe('descending');
    expect(await axeProblems(admin)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
