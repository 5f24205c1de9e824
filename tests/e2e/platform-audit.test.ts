import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, axeProblems, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Issue 16, the platform trail (/admin/audit as the platform admin) in Chromium against the production build with the
// demo data: ordered by its "When" header (aria-sort, the URL, the rows' order, kept over a reload, the first page in
// the server's HTML), filtered by an action, a tenant and a date range in words, cards on a 390 px phone with no
// sideways scroll, no snake_case word or full id in its visible text, and axe-core clean at both widths.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Sign-ins of a tenant's people land in the platform trail too: a few more events than the seed's two.
  for (const email of ['admin@acme.test', 'viewer@acme.test']) {
    const context = await browser.newContext();
    await signInPage(context, server.url, email);
    await context.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SNAKE_CASE = /\b[a-z]+_[a-z_]+\b/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const signIn = (context: BrowserContext) => signInPage(context, server.url, 'root@custos.test');

function watchErrors(page: Page, errors: string[]) {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
}

/** The events' times as shown, top to bottom (ISO, from each row's <time>). */
const times = (page: Page) =>
  page
    .getByTestId('platform-event')
    .locator('time')
    .evaluateAll((els) => els.map((e) => e.getAttribute('dateTime')!));

/** snake_case words and full ids a person reads on the page. */
async function internalValues(page: Page): Promise<{ snake: string[]; ids: string[] }> {
  const text = await page.evaluate(() => document.body.innerText);
  return { snake: [...new Set(text.match(SNAKE_CASE) ?? [])], ids: [...new Set(text.match(UUID) ?? [])] };
}

/** A date of the browser's calendar, `days` from today, as a date input takes it. */
const localDate = (page: Page, days: number) =>
  page.evaluate((d) => {
    const at = new Date(Date.now() + d * 86_400_000);
    return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  }, days);

describe('platform trail', () => {
  it('arrives with its first page and orders by the When header: aria-sort, the URL, the rows, kept over a reload', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context);
    watchErrors(page, errors);

    // The first page is in the server's HTML (prefetched under the panel's key), in words.
    const html = await (await page.request.get(`${server.url}/admin/audit`)).text();
    expect(html).toContain('data-testid="platform-event"');
    expect(html).toContain('Tenant created');

    await page.goto(`${server.url}/admin/audit`);
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.waitFor();
    const when = table.getByRole('columnheader', { name: 'When' });
    await expect(when.getAttribute('aria-sort')).resolves.toBe('descending');
    const newest = await times(page);
    expect(newest.length).toBeGreaterThanOrEqual(4);
    expect(newest).toEqual([...newest].sort().reverse());

    await when.getByRole('button').click();
    await page.waitForURL(/[?&]sort=occurred&dir=asc/);
    await expect.poll(() => when.getAttribute('aria-sort')).toBe('ascending');
    // Oldest first: the first row is at least as old as anything on the newest-first page (older still when the trail
    // has more events than one page, as on a shared database).
    const oldestOfNewest = [...newest].sort()[0];
    await expect.poll(async () => (await times(page))[0] <= oldestOfNewest).toBe(true);
    const oldest = await times(page);
    expect(oldest).toEqual([...oldest].sort());
    // The oldest events are the seed's: each tenant created, named by the tenant's name.
    const first = page.getByTestId('platform-event').first();
    await expect(first.innerText()).resolves.toMatch(/Tenant created[\s\S]*(Acme Pharma|Globex Biologics)/);

    await page.reload();
    await table.waitFor();
    await expect(table.getByRole('columnheader', { name: 'When' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    expect((await times(page)).slice(0, oldest.length)).toEqual(oldest);

    // An event opened reads as a sentence; nothing on the page is an internal value.
    await page
      .getByTestId('platform-event')
      .first()
      .getByRole('button', { name: /^Show details: / })
      .click();
    await page.getByTestId('platform-event-details').waitFor();
    await expect(page.getByTestId('platform-event-details').innerText()).resolves.toMatch(
      /Demo seed created tenant (Acme Pharma|Globex Biologics)/,
    );
    await expect(internalValues(page)).resolves.toEqual({ snake: [], ids: [] });
    expect(await axeProblems(page, 'page')).toEqual([]);
    await page.screenshot({ path: artifactPath('platform-audit-oldest-first.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters by an action, a tenant and a date range in words, kept in the URL', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context);
    watchErrors(page, errors);
    await page.goto(`${server.url}/admin/audit?sort=occurred&dir=asc`);
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    const form = page.getByRole('form', { name: 'Filter the platform trail' });
    const rows = page.getByTestId('platform-event');
    const actions = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

    // An action by its label.
    await form.getByLabel('Action').selectOption({ label: 'Signed in' });
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.signed_in');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('asc');
    await expect.poll(async () => new Set(await actions())).toEqual(new Set(['user.signed_in']));
    expect((await actions()).length).toBeGreaterThanOrEqual(3);
    await expect(rows.first().innerText()).resolves.toContain('Signed in');

    // One tenant, by its name: only its registry events.
    await form.getByLabel('Action').selectOption({ label: 'Any action' });
    await form.getByLabel('Tenant').selectOption({ label: 'Globex Biologics' });
    await expect(form.getByLabel('Record type').inputValue()).resolves.toBe('tenant');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('targetType') === 'tenant' && !url.searchParams.has('action'));
    await expect
      .poll(async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')))
      .toEqual([expect.stringMatching(/Tenant created Tenant Globex Biologics/)]);

    // Dates the wrong way round are refused with a message; today's date range keeps today's sign-ins.
    await form.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.searchParams.has('targetId'));
    await form.getByLabel('Action').selectOption({ label: 'Signed in' });
    await form.getByLabel('From', { exact: true }).fill(await localDate(page, 1));
    await form.getByLabel('To', { exact: true }).fill(await localDate(page, -1));
    await expect(form.getByText('The “to” date is before the “from” date.').isVisible()).resolves.toBe(true);
    await expect(form.getByRole('button', { name: 'Apply filters' }).isDisabled()).resolves.toBe(true);
    const today = await localDate(page, 0);
    await form.getByLabel('From', { exact: true }).fill(today);
    await form.getByLabel('To', { exact: true }).fill(today);
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === today && url.searchParams.get('to') === today);
    await expect.poll(async () => new Set(await actions())).toEqual(new Set(['user.signed_in']));

    // Kept over a reload, in words.
    await page.reload();
    await rows.first().waitFor();
    await expect(form.getByLabel('Action').inputValue()).resolves.toBe('user.signed_in');
    await expect(form.getByLabel('From', { exact: true }).inputValue()).resolves.toBe(today);
    await expect(internalValues(page)).resolves.toEqual({ snake: [], ids: [] });
    await page.screenshot({ path: artifactPath('platform-audit-filters.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 390 px phone as cards, an event opened too, in words and axe clean', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await signIn(context);
    for (const query of ['', '?sort=occurred&dir=asc']) {
      await page.goto(`${server.url}/admin/audit${query}`);
      await page.getByTestId('platform-event').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), query).toBe(390);
    }
    // A row is a card: its cells stack, labelled by their column.
    const card = page.getByTestId('platform-event').first();
    await expect(card.evaluate((el) => getComputedStyle(el).display)).resolves.toBe('grid');
    await card.getByRole('button', { name: /^Show details: / }).click();
    await page.getByTestId('platform-event-details').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await expect(internalValues(page)).resolves.toEqual({ snake: [], ids: [] });
    expect(await axeProblems(page, 'page')).toEqual([]);
    await page.screenshot({ path: artifactPath('platform-audit-phone.png'), fullPage: true });
    await context.close();
  });
});
