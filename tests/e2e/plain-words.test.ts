import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_CATALOG } from '@/lib/access/permission-catalog';
import { PERMISSIONS } from '@/lib/access/permissions';
import { artifactPath, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Plain words (issue 16): the roles page, a batch's history and the audit trail show people words, never a stored
// value (`in_production`, `api_keys`) or a whole 36-character id; the roles matrix lists every permission by its
// title, sorts by area or title, and fits a phone.
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

const SNAKE_CASE = /\b[a-z]+_[a-z_]+\b/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * What a person reads on the page: snake_case words and full ids found in its visible text. Permission keys may
 * stand in <code> beside their title (the house rule), so code is left out.
 */
async function internalValues(page: Page): Promise<{ snake: string[]; ids: string[] }> {
  const text = await page.evaluate(() => {
    let visible = document.body.innerText;
    for (const code of document.body.querySelectorAll('code')) if (code.innerText) visible = visible.replace(code.innerText, ' ');
    return visible;
  });
  return { snake: [...new Set(text.match(SNAKE_CASE) ?? [])], ids: [...new Set(text.match(UUID) ?? [])] };
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function pageAt(width: number, email: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const errors: string[] = [];
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 1000 } });
  const page = await signInPage(context, server.url, email, { errors });
  return { page, errors, close: () => context.close() };
}

/** A batch of the demo data with a history (released), found through the API with the page's session. */
async function releasedBatchId(page: Page): Promise<string> {
  const answer = await page.request.get(`${server.url}/api/v1/tenants/acme/batches?status=released&limit=1`);
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as { data: Array<{ id: string }> };
  expect(body.data.length).toBe(1);
  return body.data[0].id;
}

describe('plain words', () => {
  it.each([1440, 390])('the roles page at %i px: every permission by its title, no stored values, no sideways scroll', async (width) => {
    const { page, errors, close } = await pageAt(width, 'admin@acme.test');
    await page.goto(`${server.url}/t/acme/roles`);
    const matrix = page.getByRole('table', { name: 'Permission matrix' });
    await matrix.waitFor();
    // Every catalog permission is a row with its title, none hidden in a scroll box.
    await expect(matrix.getByTestId('matrix-row').count()).resolves.toBe(PERMISSIONS.length);
    for (const key of PERMISSIONS) {
      const row = matrix.locator(`[data-testid="matrix-row"][data-permission="${key}"]`);
      await expect(row.getByText(PERMISSION_CATALOG[key].title, { exact: true }).isVisible(), key).resolves.toBe(true);
    }
    await expect(internalValues(page)).resolves.toEqual({ snake: [], ids: [] });
    await expect(sideways(page)).resolves.toBe(width);
    await page.screenshot({ path: artifactPath(`plain-words-roles-${width}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it('the roles matrix sorts by title and by area, kept in the URL with aria-sort', async () => {
    const { page, errors, close } = await pageAt(1440, 'admin@acme.test');
    await page.goto(`${server.url}/t/acme/roles`);
    const matrix = page.getByRole('table', { name: 'Permission matrix' });
    await matrix.waitFor();
    const area = matrix.getByRole('columnheader', { name: /^Area/ });
    const permission = matrix.getByRole('columnheader', { name: /^Permission/ });
    await expect(area.getAttribute('aria-sort')).resolves.toBe('ascending');
    const titles = () => matrix.getByTestId('matrix-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-permission')!));
    const byTitle = [...PERMISSIONS].sort((a, b) =>
      PERMISSION_CATALOG[a].title.localeCompare(PERMISSION_CATALOG[b].title, 'en', { sensitivity: 'base' }),
    );

    await permission.getByRole('button').click();
    await page.waitForURL(/[?&]sort=title/);
    await expect(permission.getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(area.getAttribute('aria-sort')).resolves.toBeNull();
    await expect(titles()).resolves.toEqual(byTitle);

    await permission.getByRole('button').click();
    await page.waitForURL(/[?&]dir=desc/);
    await expect(permission.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(titles()).resolves.toEqual([...byTitle].reverse());

    // Back by area (A–Z): the areas' plain names in order, "Access reviews" first, then "API keys".
    await area.getByRole('button').click();
    await page.waitForURL(/[?&]sort=area/);
    const areas = await matrix.getByTestId('matrix-area').allInnerTexts();
    expect(areas[0]).toBe('Access reviews');
    expect([...new Set(areas)].slice(0, 2)).toEqual(['Access reviews', 'API keys']);
    expect(areas).toEqual([...areas].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(errors).toEqual([]);
    await close();
  });

  it.each([1440, 390])("a batch's history at %i px reads as sentences, fits the screen and shows no stored values", async (width) => {
    const { page, errors, close } = await pageAt(width, 'qa@acme.test');
    const id = await releasedBatchId(page);
    await page.goto(`${server.url}/t/acme/batches/${id}?tab=history`);
    const rows = page.getByTestId('history-row');
    await rows.first().waitFor();
    const sentences = await page.getByTestId('audit-sentence').allInnerTexts();
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.some((s) => /released batch \S+/.test(s))).toBe(true);
    await expect(internalValues(page)).resolves.toEqual({ snake: [], ids: [] });
    await expect(sideways(page)).resolves.toBe(width);
    await page.screenshot({ path: artifactPath(`plain-words-batch-history-${width}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it.each([1440, 390])('the audit trail at %i px, with an event opened, shows no stored values', async (width) => {
    const { page, errors, close } = await pageAt(width, 'admin@acme.test');
    await page.goto(`${server.url}/t/acme/audit`);
    const events = page.getByTestId('audit-event');
    await events.first().waitFor();
    await events
      .first()
      .getByRole('button', { name: /^Show changes/ })
      .click();
    await page.getByTestId('audit-sentence').first().waitFor();
    await expect(internalValues(page)).resolves.toEqual({ snake: [], ids: [] });
    await page.screenshot({ path: artifactPath(`plain-words-audit-${width}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });
});
