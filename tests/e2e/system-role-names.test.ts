import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, checkPage, launchBrowser, loaded, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Two downstream systems each with a role named "Admin", in Chromium against the production build: the member's
// roles card and the members list's role filter tell them apart by their system, the filter finds the holder of one
// and not of the other, and once the holder's system is switched off their effective permissions say so in words
// (not a bare "Denied"). axe finds no critical or serious problem and nothing scrolls sideways at 1440 and 390 px.
// The systems have unique slugs; the operator's roles are put back and the roles and systems deleted at the end (CI
// shares one database across files).
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

/** A same-origin API call from the signed-in page (its session cookie and Origin): status and JSON body. */
const apiFrom = <T = Record<string, unknown>>(page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
    },
    { method, path, body },
  ) as Promise<{ status: number; json: T }>;

describe('roles of the same name in two systems', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  const stamp = Date.now().toString(36);
  const slugA = `e2e-a-${stamp}`;
  const slugB = `e2e-b-${stamp}`;
  const roleIds: Record<string, string> = {};
  let operator: { id: string; roles: Array<{ id: string }> };

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
    for (const slug of [slugA, slugB]) {
      const system = await apiFrom(admin, 'POST', '/api/v1/tenants/acme/systems', {
        slug,
        name: `Stock ${slug}`,
        permissions: ['stock.read'],
      });
      expect(system.status, JSON.stringify(system.json)).toBe(201);
      const role = await apiFrom<{ id: string }>(admin, 'POST', '/api/v1/tenants/acme/roles', {
        name: 'Admin',
        system: slug,
        permissions: [`${slug}:stock.read`],
      });
      expect(role.status, JSON.stringify(role.json)).toBe(201);
      roleIds[slug] = role.json.id;
    }
    const members = await apiFrom<{ data: Array<{ id: string; user: { email: string }; roles: Array<{ id: string }> }> }>(
      admin,
      'GET',
      '/api/v1/tenants/acme/members?limit=100',
    );
    operator = members.json.data.find((m) => m.user.email === 'operator@acme.test')!;
  });

  afterAll(async () => {
    // Put everything back, and say so if it did not work: later files on the shared database would see it.
    const cleanup: number[] = [];
    if (admin) {
      if (operator) {
        const roles = operator.roles.map((r) => r.id);
        cleanup.push((await apiFrom(admin, 'PATCH', `/api/v1/tenants/acme/members/${operator.id}`, { roles })).status);
      }
      for (const slug of [slugA, slugB]) {
        if (roleIds[slug]) cleanup.push((await apiFrom(admin, 'DELETE', `/api/v1/tenants/acme/roles/${roleIds[slug]}`)).status);
        cleanup.push((await apiFrom(admin, 'DELETE', `/api/v1/tenants/acme/systems/${slug}`)).status);
      }
    }
    await context?.close();
    expect(cleanup.filter((status) => status >= 300)).toEqual([]);
  });

  it('shows each Admin with its system on the member page, and says a switched-off system denies its keys', async () => {
    await admin.goto(`${server.url}/t/acme/members/${operator.id}`);
    await loaded(admin);
    const choice = (slug: string) => admin.locator('label').filter({ hasText: slug }).filter({ hasText: 'Admin' });
    await expect.poll(() => choice(slugA).count()).toBe(1);
    expect(await choice(slugB).count()).toBe(1);
    await choice(slugA).getByRole('checkbox').check();
    await admin.getByRole('button', { name: 'Save roles and teams' }).click();

    const entry = admin.locator(`[data-testid="effective-permission"][data-permission="${slugA}:stock.read"]`);
    await expect.poll(() => entry.textContent(), { timeout: 15_000 }).toMatch(/Allowed.*granted by role Admin/);
    await checkPage(admin, 'member page with a system role', { sizes: [DESKTOP, PHONE] });

    expect((await apiFrom(admin, 'PATCH', `/api/v1/tenants/acme/systems/${slugA}`, { active: false })).status).toBe(200);
    await admin.reload();
    await loaded(admin);
    await expect.poll(() => entry.textContent(), { timeout: 15_000 }).toMatch(/Denied.*its system is switched off.*granted by role Admin/);
    await checkPage(admin, 'member page with a switched-off system', { sizes: [DESKTOP, PHONE] });
    expect(errors).toEqual([]);
  });

  it('offers each Admin in the members list filter with its system, and finds only the holder of that one', async () => {
    await admin.goto(`${server.url}/t/acme/members`);
    await loaded(admin);
    const filter = admin.getByLabel('Role', { exact: true });
    const options = await filter.locator('option').allTextContents();
    expect(options).toContain(`Admin · ${slugA}`);
    expect(options).toContain(`Admin · ${slugB}`);

    await filter.selectOption({ label: `Admin · ${slugA}` });
    await admin.waitForURL(new RegExp(`role=${roleIds[slugA]}`));
    const rows = admin.getByTestId('member-row');
    await expect.poll(() => rows.allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('operator@acme.test')]);

    await filter.selectOption({ label: `Admin · ${slugB}` });
    await admin.waitForURL(new RegExp(`role=${roleIds[slugB]}`));
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(0);
    await checkPage(admin, 'members filtered by a system role', { sizes: [DESKTOP, PHONE] });
    expect(errors).toEqual([]);
  });
});
