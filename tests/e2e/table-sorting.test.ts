import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Issue 16, the access tables in Chromium against the production build with the demo data: the members list (ordered
// by the server) and your sessions (ordered in the browser) follow a click on a column header (aria-sort, ?sort=&dir=,
// the order of the rows), turn round on a second click and keep it over a reload; on a 390 px phone the rows are
// labelled cards and nothing scrolls sideways; at 1440 px every session's Sign out / Revoke button is whole and on top.
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

const LONG_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 custos-e2e-long-user-agent/1.0 (+https://example.test/a/very/long/path/that/does/not/wrap/on/its/own)';

function watchErrors(page: Page, errors: string[]) {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
}

const memberNames = (page: Page) => page.getByTestId('member-row').locator('td[data-column="name"] a').allInnerTexts();
const signedInTimes = (page: Page) =>
  page
    .getByTestId('session-row')
    .locator('td[data-column="signedIn"] time')
    .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The element is wholly inside the viewport and nothing covers its middle (not clipped by a scroll box or a card). */
async function wholeAndOnTop(page: Page, target: Locator): Promise<boolean> {
  await target.scrollIntoViewIfNeeded();
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const inside = box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
    let clipped = false;
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = up.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) clipped = true;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return inside && !clipped && hit !== null && el.contains(hit);
  });
}

describe('access tables', () => {
  it('orders the members by a column header on the server: aria-sort, the URL and the rows follow, a reload keeps it', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signInPage(context, server.url, 'admin@acme.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/t/acme/members`);
    const table = page.getByRole('table', { name: 'Members' });
    await table.waitFor();
    const joined = table.getByRole('columnheader', { name: 'Joined' });
    const member = table.getByRole('columnheader', { name: 'Member' });
    await expect(joined.getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(member.getAttribute('aria-sort')).resolves.toBeNull();
    const byJoined = await memberNames(page);
    expect(byJoined.length).toBeGreaterThan(2);
    const aToZ = [...byJoined].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(byJoined).not.toEqual(aToZ); // the demo members joined in another order, so the click must change it

    await member.getByRole('button', { name: 'Member' }).click();
    await page.waitForURL(/[?&]sort=name&dir=asc/);
    await expect.poll(() => member.getAttribute('aria-sort')).toBe('ascending');
    await expect(joined.getAttribute('aria-sort')).resolves.toBeNull();
    await expect.poll(() => memberNames(page)).toEqual(aToZ);

    await page.reload();
    await table.waitFor();
    await expect(table.getByRole('columnheader', { name: 'Member' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    expect(await memberNames(page)).toEqual(aToZ);

    // A click on the active header turns the server's order round: Z–A, in the URL and the header.
    await member.getByRole('button', { name: 'Member' }).click();
    await page.waitForURL(/[?&]sort=name&dir=desc/);
    await expect.poll(() => member.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => memberNames(page)).toEqual([...aToZ].reverse());
    await page.reload();
    await table.waitFor();
    await expect(table.getByRole('columnheader', { name: 'Member' }).getAttribute('aria-sort')).resolves.toBe('descending');
    expect(await memberNames(page)).toEqual([...aToZ].reverse());
    expect(errors).toEqual([]);
    await context.close();
  });

  it('orders your sessions in the browser both ways, keeps it over a reload, and shows every button whole at 1440 px', async () => {
    const errors: string[] = [];
    // Three more sessions of the same person, one with a long user agent.
    const others: BrowserContext[] = [];
    for (const userAgent of [LONG_AGENT, undefined, undefined]) {
      const other = await browser.newContext(userAgent ? { userAgent } : {});
      await signInPage(other, server.url, 'operator@acme.test');
      others.push(other);
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, userAgent: LONG_AGENT });
    const page = await signInPage(context, server.url, 'operator@acme.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/account/sessions`);
    const table = page.getByRole('table', { name: 'Your sessions' });
    await table.waitFor();
    expect(await page.getByTestId('session-row').count()).toBeGreaterThanOrEqual(4);
    await expect(table.getByRole('columnheader', { name: 'Last active' }).getAttribute('aria-sort')).resolves.toBe('descending');

    const signedIn = table.getByRole('columnheader', { name: 'Signed in' });
    await signedIn.getByRole('button', { name: 'Signed in' }).click();
    await page.waitForURL(/[?&]sort=signedIn&dir=desc/);
    await expect.poll(() => signedIn.getAttribute('aria-sort')).toBe('descending');
    const newestFirst = await signedInTimes(page);
    expect(newestFirst).toEqual([...newestFirst].sort().reverse());

    await signedIn.getByRole('button', { name: 'Signed in' }).click();
    await page.waitForURL(/[?&]sort=signedIn&dir=asc/);
    await expect.poll(() => signedIn.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => signedInTimes(page)).toEqual([...newestFirst].reverse());

    await page.reload();
    await table.waitFor();
    await expect(table.getByRole('columnheader', { name: 'Signed in' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    expect(await signedInTimes(page)).toEqual([...newestFirst].reverse());

    const buttons = page.getByTestId('session-row').getByRole('button', { name: /^(Sign out|Revoke)/ });
    expect(await buttons.count()).toBeGreaterThanOrEqual(4);
    for (const button of await buttons.all()) expect(await wholeAndOnTop(page, button)).toBe(true);
    expect(await scrollWidth(page)).toBe(1440);
    await page.screenshot({ path: artifactPath('sessions-1440.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
    for (const other of others) await other.close();
  });

  it('turns the rows into labelled cards on a 390 px phone, sorts from the header chips, and never scrolls sideways', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await signInPage(context, server.url, 'admin@acme.test');
    watchErrors(page, errors);
    // A row in each of the lists the demo data leaves empty, so their cards are measured too.
    const tag = Date.now().toString(36);
    for (const [path, body] of [
      ['invitations', { email: `phone-${tag}-with-a-rather-long-address@example.test`, roles: ['viewer'] }],
      ['teams', { name: `Night shift ${tag}`, description: 'Packaging line 3, weekends and public holidays.' }],
      ['api-keys', { name: `LIMS export ${tag}`, permissions: ['batches.read', 'inspections.read'] }],
      ['systems', { slug: `lims-${tag}`, name: `LabWare LIMS ${tag}`, permissions: ['samples.read', 'samples.approve_results'] }],
    ] as const) {
      const res = await page.request.post(`${server.url}/api/v1/tenants/acme/${path}`, { data: body, headers: { origin: server.url } });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
    }
    for (const path of [
      '/t/acme/members',
      '/t/acme/invitations',
      '/t/acme/api-keys',
      '/t/acme/teams',
      '/t/acme/systems',
      '/account/sessions',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await scrollWidth(page), path).toBe(390);
    }

    for (const [path, testId] of [
      ['/t/acme/invitations', 'invitation-row'],
      ['/t/acme/teams', 'team-row'],
      ['/t/acme/api-keys', 'api-key-row'],
      ['/t/acme/systems', 'system-row'],
    ]) {
      await page.goto(`${server.url}${path}`);
      const card = page.getByTestId(testId).first();
      await card.waitFor();
      expect(await card.evaluate((el) => getComputedStyle(el).display), path).toBe('grid');
      expect(await scrollWidth(page), path).toBe(390);
    }

    await page.goto(`${server.url}/t/acme/members`);
    const row = page.getByTestId('member-row').first();
    await row.waitFor();
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    const roles = row.locator('td[data-column="roles"]');
    expect(await roles.getAttribute('data-label')).toBe('Roles');
    expect(await roles.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"Roles"');
    // The name and its link stay reachable as the card's title.
    expect(await wholeAndOnTop(page, row.locator('td[data-column="name"] a'))).toBe(true);

    const member = page.getByRole('columnheader', { name: 'Member' });
    await member.getByRole('button', { name: 'Member' }).click();
    await page.waitForURL(/[?&]sort=name&dir=asc/);
    await expect.poll(() => member.getAttribute('aria-sort')).toBe('ascending');
    expect(await scrollWidth(page)).toBe(390);
    await page.screenshot({ path: artifactPath('members-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
