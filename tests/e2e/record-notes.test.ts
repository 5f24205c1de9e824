import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, checkPage, launchBrowser, loaded, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Notes and attachments on any record, in Chromium against the production build: on a member's page the admin adds a
// high-priority note and edits it, and the page shows it edited with its earlier text on demand; on a site's page
// (reached from the sites list) a file is uploaded twice under one name and is listed once as version 2, its earlier
// version still downloadable. axe finds no critical or serious problem and nothing scrolls sideways at 1440 and
// 390 px. Notes and files are never deleted, so this file works on its own site and on texts unique to the run.
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

const run = Date.now().toString(36);
/** What a poll waits for a change to show (an API round trip and a re-render, on a busy machine). */
const WAIT = { timeout: 15_000 };

const apiFrom = <T = unknown>(page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: res.status, json: json as T, text };
    },
    { method, path, body },
  ) as Promise<{ status: number; json: T; text: string }>;

const pdf = (line: string) => Buffer.from(`%PDF-1.4\n% ${line}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');

describe('notes and attachments on any record', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('a note on a member is added with its priority, edited, and shown edited with its earlier text (axe, 390 px)', async () => {
    type Member = { id: string; user: { email: string } };
    const members = await apiFrom<{ data: Member[] }>(admin, 'GET', '/api/v1/tenants/acme/members?q=viewer%40acme.test');
    const viewer = members.json.data.find((m) => m.user.email === 'viewer@acme.test')!;
    await admin.goto(`${server.url}/t/acme/members/${viewer.id}`);
    await loaded(admin);
    const notes = admin.getByRole('region', { name: 'Notes', exact: true });
    const first = `Access request ${run} filed by the line manager.`;
    await notes.getByRole('textbox', { name: 'Add a note' }).fill(first);
    await notes.getByRole('combobox', { name: 'Priority' }).selectOption('high');
    await notes.getByRole('button', { name: 'Add note' }).click();
    const item = notes.getByTestId('note').filter({ hasText: first });
    await expect.poll(() => item.count(), WAIT).toBe(1);
    expect(await item.getByText('High priority').isVisible()).toBe(true);

    // Newest first: ours is the first note (the locator by text would lose it while its text is in the edit box).
    const newest = notes.getByTestId('note').first();
    expect(await newest.getByTestId('note-body').textContent()).toBe(first);
    await newest.getByRole('button', { name: /^Edit the note/ }).click();
    const edited = `Access request ${run} filed by the line manager; approved by QA.`;
    await newest.getByRole('textbox', { name: 'Edit the note' }).fill(edited);
    await newest.getByRole('button', { name: 'Save as new version' }).click();

    const now = notes.getByTestId('note').filter({ hasText: edited });
    await expect.poll(() => now.count(), WAIT).toBe(1);
    expect(await notes.getByTestId('note-body').filter({ hasText: first }).count()).toBe(0);
    const toggle = now.getByRole('button', { name: /Edited · Show 1 earlier version/ });
    await toggle.click();
    const history = now.getByTestId('note-history');
    await expect.poll(() => history.getByTestId('note-version').count(), WAIT).toBe(1);
    expect(await history.textContent()).toContain(first);
    expect(await history.textContent()).toContain('Version 1');
    // Its name now says Hide; its state is expanded.
    expect(await now.getByTestId('note-history-toggle').getAttribute('aria-expanded')).toBe('true');
    await checkPage(admin, 'member page with an edited note', { sizes: [DESKTOP, PHONE] });
  });

  it('a file uploaded twice under one name on a site is version 2, and version 1 still downloads (axe, 390 px)', async () => {
    const code = `AA-${run.toUpperCase()}`; // sorts first in the list (by code)
    const created = await apiFrom<{ id: string }>(admin, 'POST', '/api/v1/tenants/acme/sites', { code, name: `Notes plant ${run}` });
    expect(created.status, created.text).toBe(201);
    await admin.goto(`${server.url}/t/acme/sites`);
    await loaded(admin);
    await admin
      .getByRole('link', { name: `Notes plant ${run}` })
      .first()
      .click();
    await admin.waitForURL(new RegExp(`/t/acme/sites/${created.json.id}$`));
    await expect.poll(() => admin.getByRole('heading', { name: `Notes plant ${run}`, level: 1 }).isVisible(), WAIT).toBe(true);
    expect(await admin.getByTestId('site-facts').textContent()).toContain(code);

    const files = admin.getByRole('region', { name: 'Attachments', exact: true });
    const input = files.getByTestId('attachment-input');
    const name = `Site licence ${run}.pdf`;
    await input.setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf('first issue') });
    await expect.poll(() => files.getByTestId('attachment').count(), WAIT).toBe(1);
    await input.setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf('second issue') });
    await expect.poll(() => files.getByTestId('attachment-version-badge').textContent(), WAIT).toBe('Version 2');
    expect(await files.getByTestId('attachment').count()).toBe(1);

    await files.getByText('1 earlier version').click();
    const older = files.getByRole('link', { name: `Download version 1 of ${name}` });
    await expect.poll(() => older.isVisible(), WAIT).toBe(true);
    const oldHref = (await older.getAttribute('href'))!;
    const latestHref = (await files.getByRole('link', { name: `Download ${name}` }).getAttribute('href'))!;
    expect(oldHref).not.toBe(latestHref);
    const v1 = await apiFrom(admin, 'GET', oldHref);
    const v2 = await apiFrom(admin, 'GET', latestHref);
    expect([v1.status, v2.status]).toEqual([200, 200]);
    expect(v1.text).toContain('first issue');
    expect(v2.text).toContain('second issue');

    // A file of another type is refused in place.
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
    await expect.poll(() => files.getByTestId('attachment-error').isVisible(), WAIT).toBe(true);
    await checkPage(admin, 'site page with a file in two versions', { sizes: [DESKTOP, PHONE] });
  });

  it('a team page (from the teams list) and a system page carry the panel (axe, 390 px)', async () => {
    const team = await apiFrom<{ id: string }>(admin, 'POST', '/api/v1/tenants/acme/teams', { name: `Notes team ${run}` });
    expect(team.status, team.text).toBe(201);
    await admin.goto(`${server.url}/t/acme/teams?q=${encodeURIComponent(`Notes team ${run}`)}`);
    await loaded(admin);
    await admin
      .getByRole('link', { name: `Notes team ${run}` })
      .first()
      .click();
    await admin.waitForURL(new RegExp(`/t/acme/teams/${team.json.id}$`));
    await expect.poll(() => admin.getByRole('heading', { name: `Notes team ${run}`, level: 1 }).isVisible(), WAIT).toBe(true);
    const notes = admin.getByRole('region', { name: 'Notes', exact: true });
    await notes.getByRole('textbox', { name: 'Add a note' }).fill(`Team ${run} owns the weekly line clearance.`);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => notes.getByTestId('note').count(), WAIT).toBe(1);
    await checkPage(admin, 'team page with a note', { sizes: [DESKTOP, PHONE] });

    const slug = `notes-${run}`;
    const system = await apiFrom(admin, 'POST', '/api/v1/tenants/acme/systems', {
      slug,
      name: `Notes LIMS ${run}`,
      permissions: ['samples.read'],
    });
    expect(system.status, system.text).toBe(201);
    await admin.goto(`${server.url}/t/acme/systems/${slug}`);
    await loaded(admin);
    const panel = admin.getByRole('region', { name: 'Attachments', exact: true });
    await expect.poll(() => panel.getByText('No attachments').isVisible(), WAIT).toBe(true);
    await checkPage(admin, 'system page with the notes panel', { sizes: [DESKTOP, PHONE] });
  });

  it('met no page error and no server error', () => {
    expect(errors).toEqual([]);
  });
});
