import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The audit trail journey of issue 6, in Chromium against the production build with the demo data: an admin
// changes a role, finds the change in the tenant's audit trail by its action with the old and new permissions,
// verifies the hash chain, and sees the same event in the role's History; QA (audit.export) downloads the
// filtered trail as CSV.
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

describe('audit trail journey', () => {
  it('admin changes a role, finds it in the trail with its diff, verifies the chain and sees it in the role history', async () => {
    const roleName = `trail-${Date.now().toString(36)}`;
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, 'admin@acme.test');
    watchErrors(page, errors);

    // A custom role, then one more permission ticked in the matrix and saved: role.updated.
    await page.goto(`${server.url}/t/acme/roles`);
    await page.getByRole('table', { name: 'Permission matrix' }).waitFor();
    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog', { name: 'New role' });
    await dialog.getByLabel('Name', { exact: true }).fill(roleName);
    await dialog.getByRole('checkbox', { name: 'View batches batches.read', exact: true }).check();
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await toast(page, `Role ${roleName} created`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const matrix = page.getByRole('table', { name: 'Permission matrix' });
    await matrix.getByRole('checkbox', { name: `${roleName}: sites.read` }).check();
    await page.getByRole('button', { name: 'Save 1 role' }).click();
    await toast(page, 'Saved 1 role').waitFor();

    // The trail, filtered by the action through the form: the filter lands in the URL.
    await page.goto(`${server.url}/t/acme/audit`);
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    await page.getByLabel('Action').selectOption('role.updated');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/[?&]action=role\.updated/);
    const rows = page.getByTestId('audit-event');
    await expect
      .poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))), { timeout: 10_000 })
      .toEqual(new Set(['role.updated']));
    const row = rows.first();
    await row.getByRole('button', { name: /^Show changes: .* changed role / }).click();
    const diff = page.getByTestId('event-diff').first();
    await diff.waitFor();
    const permissions = diff.locator('[data-field="permissions"]');
    await expect(permissions.textContent()).resolves.toContain('+ View sites');
    await expect(permissions.textContent()).resolves.toContain('batches.read');
    await page.screenshot({ path: artifactPath('audit-trail-filtered.png'), fullPage: true });

    // Verify integrity: valid, with how many events were checked.
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.textContent()).resolves.toMatch(/The audit trail is intact.*All [\d,.\s]+ events/);
    await page.screenshot({ path: artifactPath('audit-trail-verified.png'), fullPage: true });

    // The role's History (roles page) shows the same event with the same diff.
    await page.goto(`${server.url}/t/acme/roles`);
    await page.getByRole('button', { name: `History of role ${roleName}` }).click();
    const history = page.getByRole('dialog', { name: `History of ${roleName}` });
    const items = history.getByTestId('record-history-event');
    await items.first().waitFor();
    await expect(items.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).resolves.toEqual([
      'role.updated',
      'role.created',
    ]);
    await items.first().getByRole('button').click();
    const historyDiff = history.getByTestId('event-diff');
    await expect(historyDiff.locator('[data-field="permissions"]').textContent()).resolves.toContain('+ View sites');
    await page.screenshot({ path: artifactPath('audit-role-history.png') });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('QA exports the filtered trail as CSV with a header row', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await signIn(context, 'qa@acme.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/t/acme/audit?action=role.`);
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    const csv = page.getByRole('link', { name: 'Export CSV' });
    await expect(page.getByRole('link', { name: 'Export JSON' }).getAttribute('href')).resolves.toMatch(
      /\/audit-events\/export\?.*format=json/,
    );
    await expect(csv.getAttribute('href')).resolves.toMatch(/action=role\.&format=csv$/);
    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    const file = await download.path();
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^seq,id,occurredAt,/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => /,role\.[a-z_]+,/.test(l))).toBe(true);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.screenshot({ path: artifactPath('audit-trail-qa.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
