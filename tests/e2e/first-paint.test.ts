import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

/**
 * Pages arrive with their first data (components/providers/prefetch.ts): the server's HTML, fetched without any
 * JavaScript, already holds the record's text; in Chromium no skeleton shows after load and the panels send no
 * /api/v1 request for what the server sent. Unknown, malformed and other tenants' ids are a 404 from the server,
 * with the not-found page and no /api/v1 404s.
 */
let server: RunningServer;
let browser: Browser;
let acme: BrowserContext;
let cookie: string;
let globexBatchId: string;

type Batch = { id: string; batchNumber: string; productName: string };
type Member = { id: string; user: { id: string; name: string; email: string } };
let batch: Batch;
let inspectionId: string | null = null;
let member: Member;

async function apiGet<T>(context: BrowserContext, path: string): Promise<T> {
  const res = await context.request.get(server.url + path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

/** The server's answer to a plain GET with the session cookie: no JavaScript runs. */
async function serverHtml(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

/**
 * Opens `path` in Chromium, waits for `ready` (what the page shows once rendered) and for the network to settle, and
 * records every /api/v1 request and every /api answer of 400 or more made meanwhile.
 */
async function open(path: string, ready: (page: Page) => Locator): Promise<{ page: Page; apiRequests: string[]; failures: string[] }> {
  const page = await acme.newPage();
  const apiRequests: string[] = [];
  const failures: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/v1/')) apiRequests.push(url.pathname + url.search);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith('/api/')) failures.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => failures.push(e.message));
  await page.goto(server.url + path, { waitUntil: 'load' });
  await ready(page).first().waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  return { page, apiRequests, failures };
}

/** Skeleton blocks a person can see (components/ui/skeleton.tsx renders data-slot="skeleton"): shown, not transparent, on screen. */
const visibleSkeletons = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll('[data-slot="skeleton"]')].filter((el) => {
        const box = el.getBoundingClientRect();
        const shown = el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
        return shown && box.width > 0 && box.height > 0 && box.top < window.innerHeight;
      }).length,
  );

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  acme = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await (await signInPage(acme, server.url, 'admin@acme.test')).close();
  cookie = (await acme.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  const batches = await apiGet<{ data: Batch[] }>(acme, '/api/v1/tenants/acme/batches?limit=50');
  expect(batches.data.length).toBeGreaterThan(0);
  // A batch with an inspection, so the page's inspections are part of what the server sends.
  for (const b of batches.data) {
    const inspections = await apiGet<{ data: Array<{ id: string }> }>(acme, `/api/v1/tenants/acme/batches/${b.id}/inspections`);
    if (inspections.data.length > 0) {
      batch = b;
      inspectionId = inspections.data[0].id;
      break;
    }
  }
  batch ??= batches.data[0];
  const members = await apiGet<{ data: Member[] }>(acme, '/api/v1/tenants/acme/members?limit=50');
  member = members.data.find((m) => m.user.email === 'qa@acme.test') ?? members.data[0];

  const globex = await browser.newContext();
  await (await signInPage(globex, server.url, 'admin@globex.test')).close();
  const theirs = await apiGet<{ data: Batch[] }>(globex, '/api/v1/tenants/globex/batches?limit=1');
  globexBatchId = theirs.data[0].id;
  await globex.close();
});

afterAll(async () => {
  await acme?.close();
  await browser?.close();
  await server?.stop();
});

describe('first paint: the data comes with the page', () => {
  it('sends the batch page with its number, product, release check and inspections in the HTML', async () => {
    const { status, html } = await serverHtml(`/t/acme/batches/${batch.id}`);
    expect(status).toBe(200);
    expect(html).toContain(batch.batchNumber);
    expect(html).toContain(batch.productName);
    expect(html).not.toContain('data-slot="skeleton"');

    const { page, apiRequests, failures } = await open(`/t/acme/batches/${batch.id}`, (p) =>
      p.getByRole('heading', { level: 1, name: batch.batchNumber }),
    );
    expect(await visibleSkeletons(page)).toBe(0);
    const base = `/api/v1/tenants/acme/batches/${batch.id}`;
    expect(apiRequests.filter((p) => p === base || p.startsWith(`${base}/release-check`) || p.startsWith(`${base}/inspections`))).toEqual(
      [],
    );
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sends the inspection page with its batch in the HTML', async () => {
    expect(inspectionId).not.toBeNull();
    const { status, html } = await serverHtml(`/t/acme/inspections/${inspectionId}`);
    expect(status).toBe(200);
    expect(html).toContain(batch.batchNumber);
    expect(html).not.toContain('data-slot="skeleton"');

    const { page, apiRequests, failures } = await open(`/t/acme/inspections/${inspectionId}`, (p) => p.getByRole('heading', { level: 1 }));
    expect(await visibleSkeletons(page)).toBe(0);
    // The inspection, its batch, notes, attachments and history came with the page.
    expect(apiRequests.filter((p) => p.includes(inspectionId!) || p.includes(batch.id))).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sends the member page with the member’s name and effective permissions in the HTML', async () => {
    const { status, html } = await serverHtml(`/t/acme/members/${member.id}`);
    expect(status).toBe(200);
    expect(html).toContain(member.user.name);
    expect(html).toContain(member.user.email);
    expect(html).not.toContain('data-slot="skeleton"');

    const { page, apiRequests, failures } = await open(`/t/acme/members/${member.id}`, (p) => p.getByText(member.user.email));
    expect(await visibleSkeletons(page)).toBe(0);
    // The member, their permissions, the cards' choices and the history came with the page.
    expect(apiRequests).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sends the roles matrix with every role in the HTML', async () => {
    const roles = await apiGet<{ data: Array<{ name: string }> }>(acme, '/api/v1/tenants/acme/roles?limit=200');
    const { status, html } = await serverHtml('/t/acme/roles');
    expect(status).toBe(200);
    for (const role of roles.data) expect(html).toContain(role.name);

    const { page, apiRequests, failures } = await open('/t/acme/roles', (p) => p.getByText(roles.data[0].name));
    expect(await visibleSkeletons(page)).toBe(0);
    expect(apiRequests.filter((p) => p.startsWith('/api/v1/tenants/acme/roles') || p.startsWith('/api/v1/tenants/acme/systems'))).toEqual(
      [],
    );
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sends the settings with the tenant’s name in a field', async () => {
    const { status, html } = await serverHtml('/t/acme/settings');
    expect(status).toBe(200);
    expect(html).toContain('value="Acme Pharma"');
    const { page, apiRequests, failures } = await open('/t/acme/settings', (p) => p.getByRole('textbox').first());
    expect(await visibleSkeletons(page)).toBe(0);
    expect(apiRequests.filter((p) => p === '/api/v1/tenants/acme')).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
});

describe('first paint: a viewer in another zone and language', () => {
  it('hydrates the record pages without a mismatch (times formatted alike on the server and in the browser)', async () => {
    // Berlin and German: the server cannot guess either, so the page must not format times with its own defaults.
    const berlin = await browser.newContext({ timezoneId: 'Europe/Berlin', locale: 'de-DE' });
    await berlin.addCookies(await acme.cookies());
    const paths = [
      `/t/acme/members/${member.id}`,
      '/t/acme/roles',
      '/t/acme/settings',
      '/t/acme/batches',
      `/t/acme/batches/${batch.id}`,
      `/t/acme/batches/${batch.id}?tab=serials`,
      ...(inspectionId ? [`/t/acme/inspections/${inspectionId}`] : []),
    ];
    // Twice: the first visit learns the browser's zone (cookie), the second is rendered in it on the server.
    for (const round of ['first visit', 'zone known']) {
      for (const path of paths) {
        const page = await berlin.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(server.url + path, { waitUntil: 'load' });
        await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible' });
        await page.waitForLoadState('networkidle');
        expect(errors, `${round}: ${path}`).toEqual([]);
        await page.close();
      }
    }
    expect((await berlin.cookies()).find((c) => c.name === 'custos-tz')?.value).toBe(encodeURIComponent('Europe/Berlin'));
    await berlin.close();
  });
});

describe('first paint: list pages', () => {
  it('sends the members list with its first rows in the HTML and fetches nothing for them', async () => {
    const members = await apiGet<{ data: Member[] }>(acme, '/api/v1/tenants/acme/members?limit=5');
    const { status, html } = await serverHtml('/t/acme/members');
    expect(status).toBe(200);
    for (const m of members.data) expect(html).toContain(m.user.email);

    const { page, apiRequests, failures } = await open('/t/acme/members', (p) => p.getByText(members.data[0].user.email));
    expect(await visibleSkeletons(page)).toBe(0);
    expect(apiRequests.filter((p) => /^\/api\/v1\/tenants\/acme\/members(\?|$)/.test(p))).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sends the batches list with its first rows in the HTML and fetches nothing for them', async () => {
    const batches = await apiGet<{ data: Batch[] }>(acme, '/api/v1/tenants/acme/batches?limit=5');
    const { status, html } = await serverHtml('/t/acme/batches');
    expect(status).toBe(200);
    for (const b of batches.data) expect(html).toContain(b.batchNumber);

    const { page, apiRequests, failures } = await open('/t/acme/batches', (p) => p.getByText(batches.data[0].batchNumber));
    expect(await visibleSkeletons(page)).toBe(0);
    expect(apiRequests.filter((p) => /^\/api\/v1\/tenants\/acme\/batches(\?|$)/.test(p))).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
});

describe('first paint: unknown records are a 404 from the server', () => {
  const cases = () => [
    { what: 'an unknown batch', path: `/t/acme/batches/${randomUUID()}`, heading: 'Batch not found' },
    { what: 'a malformed batch id', path: '/t/acme/batches/not-a-batch', heading: 'Batch not found' },
    { what: 'another tenant’s batch', path: `/t/acme/batches/${globexBatchId}`, heading: 'Batch not found' },
    { what: 'an unknown inspection', path: `/t/acme/inspections/${randomUUID()}`, heading: 'Inspection not found' },
    { what: 'a malformed inspection id', path: '/t/acme/inspections/123', heading: 'Inspection not found' },
    { what: 'an unknown member', path: `/t/acme/members/${randomUUID()}`, heading: 'Member not found' },
    { what: 'a malformed member id', path: '/t/acme/members/nobody', heading: 'Member not found' },
    { what: 'an unknown serial', path: `/t/acme/batches/${batch.id}/serials/ABCDEFGHJK23`, heading: 'Serial not found' },
  ];

  it('answers 404 with the not-found page in the HTML', async () => {
    for (const c of cases()) {
      const { status, html } = await serverHtml(c.path);
      expect({ what: c.what, status }).toEqual({ what: c.what, status: 404 });
      expect(html, c.what).toContain(c.heading);
      expect(html, c.what).not.toContain('data-slot="skeleton"');
    }
  });

  it('shows the not-found page in Chromium with a way back, and no /api/v1 404s', async () => {
    for (const c of cases().slice(0, 6)) {
      const { page, failures } = await open(c.path, (p) => p.getByRole('heading', { level: 1, name: c.heading }));
      await expect(
        page
          .getByRole('link', { name: /^Back to / })
          .first()
          .isVisible(),
        c.what,
      ).resolves.toBe(true);
      expect(await visibleSkeletons(page), c.what).toBe(0);
      expect(failures, c.what).toEqual([]);
      await page.close();
    }
  });
});
