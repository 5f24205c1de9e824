import { BinaryBitmap, DataMatrixReader, DecodeHintType, HybridBinarizer, RGBLuminanceSource } from '@zxing/library';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// Serialization in the console (issue 8), in Chromium against the production build with the demo data: the
// operator generates serials for a fresh batch and watches the progress bar move (also across a reload), gets
// a toast when the job ends, filters the list, changes the status of selected rows and of a range with a reason,
// exports the CSV and opens a serial's page with its GS1 DataMatrix.
let server: RunningServer;
let browser: Browser;

/** Large enough that the job runs for a few seconds on PGlite and on PostgreSQL (chunks of 10,000). */
const COUNT = Number(process.env.E2E_SERIAL_COUNT ?? 200_000);
const GTIN = '09506000134376';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (context: BrowserContext, email: string, errors: string[]) => signInPage(context, server.url, email, { errors });

/** A batch planned through the API as the signed-in member (the batch pages are tested elsewhere). */
async function planBatch(page: Page, over: Record<string, unknown>): Promise<{ id: string; batchNumber: string }> {
  const sites = await page.request.get(`${server.url}/api/v1/tenants/acme/sites?active=true`);
  expect(sites.status()).toBe(200);
  const siteId = (await sites.json()).data[0].id as string;
  const batchNumber = `SER${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 36)
    .toString(36)
    .toUpperCase()}`;
  // The request API sends no Origin of its own (a browser's fetch does); cookie-authenticated writes need one.
  const res = await page.request.post(`${server.url}/api/v1/tenants/acme/batches`, {
    data: { batchNumber, productName: 'Paracetamol 500 mg tablets', siteId, plannedQuantity: 250000, expiresOn: '2029-06-30', ...over },
    headers: { origin: server.url },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { id: (await res.json()).id, batchNumber };
}

/** Every aria-valuenow the serial progress bar shows, kept in sessionStorage so a reload does not lose them. */
function recordProgress(context: BrowserContext) {
  return context.addInitScript(() => {
    const seen = (): number[] => JSON.parse(sessionStorage.getItem('progress-seen') ?? '[]');
    const note = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Serial generation"]');
      const value = bar?.getAttribute('aria-valuenow');
      if (value === null || value === undefined) return;
      const list = seen();
      if (list.at(-1) !== Number(value)) sessionStorage.setItem('progress-seen', JSON.stringify([...list, Number(value)]));
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
}
const progressSeen = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('progress-seen') ?? '[]') as number[]);

/**
 * Read the DataMatrix the page shows, as a scanner would: the browser draws the page's own SVG on a canvas with a
 * white quiet zone, and ZXing decodes the pixels. GS1 mode shows as a leading FNC1, which ZXing reports as GS (\x1d),
 * and the variable-length lot (10) ends with a GS before (21).
 */
async function scanDataMatrix(matrix: Locator): Promise<string> {
  const { width, height, gray } = await matrix.evaluate(async (el) => {
    const svg = el.querySelector('svg')!;
    const size = 400;
    const margin = 40;
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size + 2 * margin;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(image, margin, margin, size, size);
    const rgba = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const out: number[] = [];
    for (let i = 0; i < rgba.length; i += 4) out.push(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
    return { width: canvas.width, height: canvas.height, gray: out };
  });
  const source = new RGBLuminanceSource(Uint8ClampedArray.from(gray), width, height);
  return new DataMatrixReader()
    .decode(new BinaryBitmap(new HybridBinarizer(source)), new Map([[DecodeHintType.TRY_HARDER, true]]))
    .getText();
}

describe('serials console', () => {
  it('generates serials with a moving progress bar that survives a reload, lists, filters, changes status, exports and shows a DataMatrix', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await recordProgress(context);
    const page = await signIn(context, 'operator@acme.test', errors);

    // ── A batch that loses its GTIN while the dialog is open: the server's 409 is shown as it says it.
    const bare = await planBatch(page, { gtin: '09506000117843' });
    await page.goto(`${server.url}/t/acme/batches/${bare.id}?tab=serials`);
    await page.getByRole('tab', { name: 'Serials', selected: true }).waitFor();
    await page.getByTestId('serials-panel').getByRole('button', { name: 'Generate serials' }).first().click();
    const early = page.getByRole('dialog', { name: 'Generate serials' });
    const corrected = await page.request.patch(`${server.url}/api/v1/tenants/acme/batches/${bare.id}`, {
      data: { gtin: null, reason: 'GTIN was assigned in error' },
      headers: { origin: server.url },
    });
    expect(corrected.status(), await corrected.text()).toBe(200);
    await early.getByLabel('Number of serials').fill('10');
    await early.getByRole('button', { name: 'Generate' }).click();
    await early
      .getByTestId('generate-error')
      .getByText(/This batch has no GTIN\. A serial is unique per GTIN/)
      .waitFor();
    await page.screenshot({ path: artifactPath('serials-00-refused-409.png') });
    await page.keyboard.press('Escape');
    // Known beforehand, the dialog says why and does not offer to generate.
    await page.reload();
    await page
      .getByTestId('serials-panel')
      .getByText(/the batch has no GTIN/)
      .waitFor();
    await page.getByTestId('serials-panel').getByRole('button', { name: 'Generate serials' }).first().click();
    const blockedDialog = page.getByRole('dialog', { name: 'Generate serials' });
    await blockedDialog
      .getByTestId('generate-blocked')
      .getByText(/has no GTIN/)
      .waitFor();
    await expect(blockedDialog.getByRole('button', { name: 'Generate' }).isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: artifactPath('serials-00-no-gtin.png') });
    await page.keyboard.press('Escape');

    // ── A batch with a GTIN: empty list first.
    const batch = await planBatch(page, { gtin: GTIN });
    const batchUrl = `${server.url}/t/acme/batches/${batch.id}`;
    await page.goto(`${batchUrl}?tab=serials`);
    const panel = page.getByTestId('serials-panel');
    await panel.getByRole('heading', { name: 'No serials yet' }).waitFor();
    await panel
      .getByTestId('guessing-probability')
      .getByText(/nothing to guess yet/)
      .waitFor();
    await page.screenshot({ path: artifactPath('serials-01-empty.png'), fullPage: true });

    // Bad counts are told beside the field, by the server's limits.
    await panel.getByRole('button', { name: 'Generate serials' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Generate serials' });
    const count = dialog.getByLabel('Number of serials');
    await count.fill('lots');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.getByText('Enter a whole number from 1 to 1,000,000.').waitFor();
    await count.fill('2,000,000');
    await dialog.getByText('At most 1,000,000 in one job.').waitFor();
    await count.fill('12.5');
    await dialog.getByText('Use a whole number.').waitFor();
    await page.screenshot({ path: artifactPath('serials-02-generate-dialog.png') });
    await count.fill(COUNT.toLocaleString('en'));
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // ── The bar moves: wait for a value strictly between 0 and 100, then reload mid-run.
    const bar = page.getByRole('progressbar', { name: 'Serial generation' });
    await bar.waitFor();
    const started = Date.now();
    try {
      await expect
        .poll(async () => (await progressSeen(page)).some((v) => v > 0 && v < 100), { timeout: 60_000, interval: 100 })
        .toBe(true);
    } catch (error) {
      await page.screenshot({ path: artifactPath('serials-debug.png'), fullPage: true });
      console.log(
        'DEBUG seen',
        await progressSeen(page),
        await page
          .getByTestId('serial-job')
          .textContent()
          .catch(() => null),
        server.logs.join('').slice(-3000),
      );
      throw error;
    }
    await page.screenshot({ path: artifactPath('serials-03-progress.png'), fullPage: true });
    const before = Number(await bar.getAttribute('aria-valuenow'));
    await page.reload();
    // After the reload the tab finds the running job by itself (GET serial-jobs?limit=1) and follows it again.
    await page.getByRole('progressbar', { name: 'Serial generation' }).waitFor({ timeout: 10_000 });
    const after = Number(await page.getByRole('progressbar', { name: 'Serial generation' }).getAttribute('aria-valuenow'));
    expect(after).toBeGreaterThanOrEqual(before);
    await page
      .getByTestId('serial-job-figures')
      .getByText(`of ${COUNT.toLocaleString('en')}`)
      .waitFor();

    // The toast at the end; the list and the count follow.
    await toast(page, `${COUNT.toLocaleString('en')} serials generated`).waitFor({ timeout: 120_000 });
    const seconds = (Date.now() - started) / 1000;
    const seen = await progressSeen(page);
    const intermediate = seen.filter((v) => v > 0 && v < 100);
    console.log(
      `serials e2e: ${COUNT} serials in about ${seconds.toFixed(1)} s after the first progress; bar values seen: ${seen.join(', ')}`,
    );
    expect(intermediate.length).toBeGreaterThanOrEqual(1);
    // It only ever moved forward (the reload included).
    for (let i = 1; i < seen.length; i++) expect(seen[i], seen.join(',')).toBeGreaterThanOrEqual(seen[i - 1]);
    await panel
      .getByTestId('serial-job')
      .getByText(/Last generation/)
      .waitFor();
    await panel
      .getByTestId('serial-count')
      .getByText(`${COUNT.toLocaleString('en')} serials`)
      .waitFor();
    const probability = panel.getByTestId('guessing-probability');
    await probability.getByText(/well under the 1 in 10,000 the EU Falsified Medicines Directive requires/).waitFor();
    expect(Number(await probability.getAttribute('data-probability'))).toBeCloseTo(COUNT / 32 ** 12, 25);
    const rows = panel.getByTestId('serial-row');
    await expect.poll(() => rows.count()).toBe(100);
    await page.getByRole('tablist', { name: 'Batch record' }).evaluate((el) => {
      el.scrollIntoView();
      window.scrollBy(0, -64); // below the sticky top bar
    });
    await page.screenshot({ path: artifactPath('serials-04-list.png') });
    const first = (await rows.nth(0).getByRole('link').textContent())!;
    expect(await rows.nth(0).getByTestId('element-string').textContent()).toBe(`(01)${GTIN}(17)290630(10)${batch.batchNumber}(21)${first}`);
    await panel.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(200);
    await page.getByTestId('serials-shown').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('serials-04b-list-end.png') });

    // ── Three selected rows → released, with a reason.
    const serials = await Promise.all([0, 1, 2].map(async (i) => (await rows.nth(i).getByRole('link').textContent())!));
    for (const s of serials) await panel.getByRole('checkbox', { name: `Select ${s}` }).check();
    await panel.getByTestId('selected-count').getByText('3 selected').waitFor();
    await panel.getByRole('button', { name: 'Change status of 3' }).click();
    const change = page.getByRole('dialog', { name: 'Change serial status' });
    await change.getByLabel('New status').selectOption('released');
    await change.getByRole('button', { name: 'Change status' }).click();
    await change.getByText('Give a reason of at least 3 characters.').waitFor();
    await change.getByLabel('Reason').fill('Released to the wholesaler, delivery note DN-4711');
    await page.screenshot({ path: artifactPath('serials-05-status-dialog.png') });
    await change.getByRole('button', { name: 'Change status' }).click();
    await toast(page, '3 serials moved to released').waitFor();

    // ── The status filter, kept in the URL.
    await panel.getByLabel('Status', { exact: true }).selectOption('released');
    await page.waitForURL(/serialStatus=released/);
    await expect.poll(() => rows.count()).toBe(3);
    expect(await Promise.all([0, 1, 2].map(async (i) => rows.nth(i).getByRole('link').textContent()))).toEqual(serials);
    await page.screenshot({ path: artifactPath('serials-06-filtered.png'), fullPage: true });
    await page.reload();
    await expect.poll(() => page.getByTestId('serial-row').count()).toBe(3);
    await expect(page.getByLabel('Status', { exact: true }).inputValue()).resolves.toBe('released');

    // ── A range of commissioned serials → decommissioned; a range that takes in released ones is refused whole.
    await page.getByLabel('Status', { exact: true }).selectOption('commissioned');
    await page.waitForURL(/serialStatus=commissioned/);
    await expect.poll(() => page.getByTestId('serial-row').count()).toBe(100);
    const from = (await page.getByTestId('serial-row').nth(5).getByRole('link').textContent())!;
    const to = (await page.getByTestId('serial-row').nth(8).getByRole('link').textContent())!;
    await page.getByRole('button', { name: 'Change a range…' }).click();
    const range = page.getByRole('dialog', { name: 'Change serial status' });
    await range.getByLabel('First serial').fill(serials[0]);
    await range.getByLabel('Last serial').fill(to);
    await range.getByLabel('New status').selectOption('released');
    await range.getByLabel('Reason').fill('Damaged packs found at line clearance');
    await range.getByRole('button', { name: 'Change status' }).click();
    await range
      .getByTestId('status-error')
      .getByText(/3 released serial\(s\) cannot move to released.*Nothing was changed/)
      .waitFor();
    await page.screenshot({ path: artifactPath('serials-06b-range-refused.png') });
    await range.getByLabel('First serial').fill(from.toLowerCase());
    await range.getByLabel('New status').selectOption('decommissioned');
    await range.getByRole('button', { name: 'Change status' }).click();
    await toast(page, '4 serials moved to decommissioned').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('decommissioned');
    await expect.poll(() => page.getByTestId('serial-row').count()).toBe(4);

    // ── The CSV export of the batch, all statuses.
    await page.getByLabel('Status', { exact: true }).selectOption('');
    const csv = await page.request.get(`${server.url}/api/v1/tenants/acme/batches/${batch.id}/serials/export`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('serial,status,gtin,expiresOn,batchNumber,elementString');
    expect(lines).toHaveLength(COUNT + 1);
    await expect(page.getByTestId('export-serials').getAttribute('href')).resolves.toBe(
      `/api/v1/tenants/acme/batches/${batch.id}/serials/export`,
    );

    // ── A serial's page: its parts and its GS1 DataMatrix as an image.
    await page.getByLabel('Status', { exact: true }).selectOption('released');
    await page.getByTestId('serial-row').first().getByRole('link', { name: serials[0] }).click();
    await page.waitForURL(new RegExp(`/serials/${serials[0]}$`));
    await page.getByRole('heading', { level: 1, name: serials[0] }).waitFor();
    await expect(page.locator('[data-slot="page-header"] [data-testid="serial-status"]').textContent()).resolves.toBe('Released');
    const matrix = page.getByRole('img', { name: `GS1 DataMatrix of (01)${GTIN}(17)290630(10)${batch.batchNumber}(21)${serials[0]}` });
    await matrix.waitFor();
    const box = await matrix.locator('svg').boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(100);
    expect(await matrix.locator('svg path').count()).toBeGreaterThan(0);
    await matrix.screenshot({ path: artifactPath('serials-07b-datamatrix.png') });
    expect(await scanDataMatrix(matrix)).toBe(`\x1d01${GTIN}1729063010${batch.batchNumber}\x1d21${serials[0]}`);
    await page.getByText(`(01)${GTIN}(17)290630(10)${batch.batchNumber}(21)${serials[0]}`, { exact: true }).waitFor();
    await page.screenshot({ path: artifactPath('serials-07-serial-page.png'), fullPage: true });

    // … and its own status change: released → shipped.
    await page.getByRole('button', { name: 'Change status' }).click();
    const one = page.getByRole('dialog', { name: 'Change serial status' });
    await one.getByLabel('New status').selectOption('shipped');
    await one.getByLabel('Reason').fill('Shipped to the wholesaler');
    await one.getByRole('button', { name: 'Change status' }).click();
    await toast(page, '1 serial moved to shipped').waitFor();
    await expect.poll(() => page.locator('[data-slot="page-header"] [data-testid="serial-status"]').textContent()).toBe('Shipped');

    // A viewer reads serials but neither generates nor changes them.
    const viewer = await signIn(await browser.newContext({ viewport: { width: 1440, height: 1000 } }), 'viewer@acme.test', errors);
    await viewer.goto(`${batchUrl}?tab=serials`);
    await viewer
      .getByTestId('serial-count')
      .getByText(`${COUNT.toLocaleString('en')} serials`)
      .waitFor();
    await viewer.getByTestId('serial-row').first().waitFor();
    expect(await viewer.getByRole('button', { name: 'Generate serials' }).count()).toBe(0);
    expect(await viewer.getByRole('checkbox').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Change a range…' }).count()).toBe(0);

    expect(errors).toEqual([]);
  });
});
