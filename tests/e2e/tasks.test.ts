import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// Tasks in Chromium against the production build: the operator opens a batch, adds a task from its Tasks card
// (assigned to themselves, due yesterday), sees it there overdue, finds it under My tasks with the sidebar's count
// gone up by one and the overdue badge, opens the batch from its link, and marks it done in place: the count goes
// back down. axe finds no critical or serious problem and nothing scrolls sideways at 1440 and 390 px (list, dialog,
// batch card). The task ends done, so no open task is left behind on a shared database.
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

const apiFrom = <T = unknown>(page: Page, method: string, path: string, body?: unknown) =>
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

type TaskPage = {
  data: Array<{
    id: string;
    title: string;
    status: string;
    overdue: boolean;
    record?: { type: string; id: string; label: string | null } | null;
  }>;
  nextCursor: string | null;
};

/** My open and in-progress tasks, as the sidebar counts them. */
async function myOpenCount(page: Page): Promise<number> {
  const res = await apiFrom<TaskPage>(page, 'GET', '/api/v1/tenants/acme/tasks?assignee=me&status=open&status=in_progress&limit=200');
  expect(res.status).toBe(200);
  return res.json.data.length;
}

/** The number beside "Tasks" in the sidebar (0 when there is none). */
async function sidebarCount(page: Page): Promise<number> {
  const badge = page.getByRole('complementary', { name: 'Sidebar' }).getByTestId('sidebar-task-count');
  if ((await badge.count()) === 0) return 0;
  const text = (await badge.textContent()) ?? '';
  const open = /(\d+)\s*open/.exec(text);
  return open ? Number(open[1]) : 0;
}

describe('tasks', () => {
  let context: BrowserContext;
  let operator: Page;
  const errors: string[] = [];
  const title = `Check the label proof ${Date.now().toString(36)}`;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  let before = 0;
  let batchId = '';
  let taskId = '';

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    operator = await signInPage(context, server.url, 'operator@acme.test', { errors });
  });
  afterAll(async () => {
    // Whatever happened, leave no open task behind.
    if (operator && taskId) await apiFrom(operator, 'PATCH', `/api/v1/tenants/acme/tasks/${taskId}`, { status: 'done' });
    await context?.close();
  });

  it('adds a task from a batch page, prefilled with the batch, due yesterday: it is listed there as overdue', async () => {
    const batches = await apiFrom<{ data: Array<{ id: string; batchNumber: string }> }>(
      operator,
      'GET',
      '/api/v1/tenants/acme/batches?limit=1',
    );
    batchId = batches.json.data[0].id;
    before = await myOpenCount(operator);
    await operator.goto(`${server.url}/t/acme/batches/${batchId}`);
    await loaded(operator);
    expect(await sidebarCount(operator)).toBe(before);

    const card = operator.getByTestId('record-tasks');
    await card.getByRole('button', { name: 'Add task' }).click();
    const dialog = operator.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    // An empty title is refused in place, from the API's own schema.
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => dialog.getByText('Enter a title.').isVisible(), { timeout: 15_000 }).toBe(true);
    await checkPage(operator, 'new task dialog with an error', { sizes: [DESKTOP, PHONE] });
    await dialog.getByRole('textbox', { name: /^Title/ }).fill(title);
    await dialog.getByLabel(/^Due on/).fill(yesterday);
    await dialog.getByRole('combobox', { name: /^Priority/ }).selectOption('high');
    await expect.poll(() => dialog.getByRole('combobox', { name: /^Assignee/ }).inputValue(), { timeout: 15_000 }).not.toBe('');
    expect(
      await dialog
        .getByRole('combobox', { name: /^Assignee/ })
        .locator('option:checked')
        .textContent(),
    ).toContain('(me)');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await toast(operator, 'Task created').first().waitFor();

    const row = card.getByTestId('record-task').filter({ hasText: title });
    await row.waitFor();
    expect(await row.getByTestId('overdue-badge').textContent()).toContain('Overdue');
    const mine = await apiFrom<TaskPage>(operator, 'GET', `/api/v1/tenants/acme/tasks?record=batch:${batchId}&limit=200`);
    const task = mine.json.data.find((t) => t.title === title)!;
    expect(task).toMatchObject({ status: 'open', overdue: true });
    taskId = task.id;
    await expect.poll(() => sidebarCount(operator), { timeout: 15_000 }).toBe(before + 1);
    await card.scrollIntoViewIfNeeded();
    await checkPage(operator, 'batch page with its tasks', { sizes: [DESKTOP, PHONE] });
  });

  it('is under My tasks with the overdue badge and a link to the batch; the sidebar counts it', async () => {
    await operator
      .getByRole('complementary', { name: 'Sidebar' })
      .getByRole('link', { name: /^Tasks/ })
      .click();
    await operator.waitForURL(/\/t\/acme\/tasks$/);
    await expect.poll(() => operator.getByRole('heading', { name: 'Tasks', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await operator.getByRole('link', { name: 'My tasks' }).getAttribute('aria-current')).toBe('page');
    const row = operator.getByTestId('task-row').filter({ hasText: title });
    await row.waitFor();
    expect(await row.getAttribute('data-overdue')).toBe('true');
    expect(await row.getByTestId('overdue-badge').isVisible()).toBe(true);
    expect(await row.textContent()).toContain('High');
    const link = row.getByRole('link', { name: /^Batch / });
    expect(await link.getAttribute('href')).toBe(`/t/acme/batches/${batchId}`);
    expect(await sidebarCount(operator)).toBe(before + 1);
    await operator.screenshot({ path: artifactPath('tasks-my-tasks.png'), fullPage: true });
    await checkPage(operator, 'my tasks', { sizes: [DESKTOP, PHONE] });

    // Overdue only keeps it; All tasks lists it too.
    // The filters live in the URL: the box is ticked once the address says so.
    await operator.getByRole('checkbox', { name: 'Overdue only' }).click();
    await operator.waitForURL(/overdue=1/);
    await expect.poll(() => operator.getByRole('checkbox', { name: 'Overdue only' }).isChecked(), { timeout: 15_000 }).toBe(true);
    await row.waitFor();
    await operator.getByRole('link', { name: 'All tasks' }).click();
    await operator.waitForURL(/view=all/);
    await operator.getByTestId('task-row').filter({ hasText: title }).waitFor();
    await operator.getByRole('button', { name: 'Clear filters' }).first().click();
    await operator.getByRole('link', { name: 'My tasks' }).click();
    await operator.waitForURL(/\/t\/acme\/tasks$/);

    await operator.getByRole('button', { name: 'New task' }).first().click();
    await operator.getByRole('dialog', { name: 'New task' }).waitFor();
    await checkPage(operator, 'new task dialog', { sizes: [DESKTOP, PHONE] });
    await operator.keyboard.press('Escape');
  });

  it('is marked done in place: it leaves the open list and the count goes back down', async () => {
    const row = operator.getByTestId('task-row').filter({ hasText: title });
    await row.getByRole('combobox', { name: `Status of ${title}` }).selectOption('done');
    await toast(operator, `Done: ${title}`).first().waitFor();
    await expect.poll(() => operator.getByTestId('task-row').filter({ hasText: title }).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => sidebarCount(operator), { timeout: 15_000 }).toBe(before);
    const done = await apiFrom<{ status: string; completedAt: string | null; overdue: boolean }>(
      operator,
      'GET',
      `/api/v1/tenants/acme/tasks/${taskId}`,
    );
    expect(done.json).toMatchObject({ status: 'done', overdue: false });
    expect(done.json.completedAt).not.toBeNull();
    // Shown again under "Done", without the overdue badge.
    await operator.getByRole('combobox', { name: 'Status', exact: true }).selectOption('done');
    await operator.waitForURL(/status=done/);
    const doneRow = operator.getByTestId('task-row').filter({ hasText: title });
    await doneRow.waitFor();
    expect(await doneRow.getByTestId('overdue-badge').count()).toBe(0);
    await checkPage(operator, 'done tasks', { sizes: [DESKTOP, PHONE] });
    expect(errors).toEqual([]);
  });
});

/**
 * The demo admin signed in for the describe block that calls it (its own browser context); the tasks it records in
 * `made` are marked done afterwards, so no open task is left behind on the shared database.
 */
function adminForBlock() {
  const session = { page: null as unknown as Page, errors: [] as string[], made: [] as string[] };
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    session.page = await signInPage(context, server.url, 'admin@acme.test', { errors: session.errors });
  });
  afterAll(async () => {
    for (const id of session.made)
      if (session.page) await apiFrom(session.page, 'PATCH', `/api/v1/tenants/acme/tasks/${id}`, { status: 'done' });
    await context?.close();
  });
  return session;
}

describe('tasks on an inspection’s and a system’s page', () => {
  const session = adminForBlock();
  const { errors, made } = session;

  /** The demo tenant's first system, or the first inspection of its batches. */
  async function aRecord(kind: 'inspection' | 'system'): Promise<{ id: string; slug?: string }> {
    const admin = session.page;
    if (kind === 'system') {
      const systems = await apiFrom<{ data: Array<{ id: string; slug: string }> }>(admin, 'GET', '/api/v1/tenants/acme/systems?limit=1');
      expect(systems.status).toBe(200);
      return systems.json.data[0];
    }
    const batches = await apiFrom<{ data: Array<{ id: string }> }>(admin, 'GET', '/api/v1/tenants/acme/batches?limit=50');
    for (const batch of batches.json.data) {
      const inspections = await apiFrom<{ data: Array<{ id: string }> }>(
        admin,
        'GET',
        `/api/v1/tenants/acme/batches/${batch.id}/inspections`,
      );
      if (inspections.json.data?.length) return inspections.json.data[0];
    }
    throw new Error('the demo data has no inspection');
  }

  for (const [kind, article] of [
    ['inspection', 'an'],
    ['system', 'a'],
  ] as const) {
    it(`${article} ${kind}’s page has a Tasks card: a task added there is listed on it and is about that ${kind}`, async () => {
      const admin = session.page;
      const record = await aRecord(kind);
      const path = kind === 'inspection' ? `/t/acme/inspections/${record.id}` : `/t/acme/systems/${record.slug}`;
      const title = `Follow up on this ${kind} ${Date.now().toString(36)}`;
      await admin.goto(`${server.url}${path}`);
      await loaded(admin);
      const card = admin.getByTestId('record-tasks');
      await card.getByText(`To-dos about this ${kind}.`).waitFor();
      await card.getByRole('button', { name: 'Add task' }).click();
      const dialog = admin.getByRole('dialog', { name: 'New task' });
      await dialog.waitFor();
      await dialog.getByRole('textbox', { name: /^Title/ }).fill(title);
      await dialog.getByRole('button', { name: 'Create task' }).click();
      await toast(admin, 'Task created').first().waitFor();
      await card.getByTestId('record-task').filter({ hasText: title }).waitFor();

      // Stored about the record itself (a system's slug resolves to its id), listed by the record's filter.
      const about = await apiFrom<TaskPage>(admin, 'GET', `/api/v1/tenants/acme/tasks?record=${kind}:${record.id}&limit=200`);
      const task = about.json.data.find((t) => t.title === title);
      expect(task, JSON.stringify(about.json)).toBeDefined();
      made.push(task!.id);
      await card.scrollIntoViewIfNeeded();
      await checkPage(admin, `${kind} page with its tasks`, { sizes: [DESKTOP, PHONE] });
      expect(errors).toEqual([]);
    });
  }
});

describe('a task linked to a record from the Tasks page', () => {
  const session = adminForBlock();
  const { errors, made } = session;

  it('New task offers the kinds the member may read, finds a batch by a few letters and links it', async () => {
    const admin = session.page;
    const batches = await apiFrom<{ data: Array<{ id: string; batchNumber: string }> }>(
      admin,
      'GET',
      '/api/v1/tenants/acme/batches?limit=5',
    );
    const batch = batches.json.data[batches.json.data.length - 1];
    const title = `Review the deviation of ${batch.batchNumber} ${Date.now().toString(36)}`;
    await admin.goto(`${server.url}/t/acme/tasks`);
    await loaded(admin);
    await admin.getByRole('button', { name: 'New task' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: /^Title/ }).fill(title);

    const kind = dialog.getByRole('combobox', { name: /^Kind/ });
    const kinds = await kind.locator('option').allTextContents();
    expect(kinds).toEqual(['None', 'Batch', 'Inspection', 'Site', 'Member', 'System', 'Team', 'Access review']);
    // A kind with no record chosen is refused in place, in the console's words.
    await kind.selectOption('site');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => dialog.getByText('Choose the record, or set Kind to None.').isVisible(), { timeout: 15_000 }).toBe(true);

    await kind.selectOption('batch');
    await dialog.getByRole('searchbox', { name: /^Find a batch/ }).fill(batch.batchNumber.slice(-5));
    const record = dialog.getByRole('combobox', { name: /^Batch/ });
    await expect.poll(async () => record.locator('option').allTextContents(), { timeout: 15_000 }).toContain(`Batch ${batch.batchNumber}`);
    await record.selectOption({ label: `Batch ${batch.batchNumber}` });
    await checkPage(admin, 'new task dialog with its record picker', { sizes: [DESKTOP, PHONE] });
    await dialog.screenshot({ path: artifactPath('task-record-picker.png') });
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await toast(admin, 'Task created').first().waitFor();

    const about = await apiFrom<TaskPage>(admin, 'GET', `/api/v1/tenants/acme/tasks?record=batch:${batch.id}&limit=200`);
    const task = about.json.data.find((t) => t.title === title);
    expect(task, JSON.stringify(about.json)).toBeDefined();
    made.push(task!.id);
    expect(task!.record).toMatchObject({ type: 'batch', id: batch.id, label: `Batch ${batch.batchNumber}` });
    expect(errors).toEqual([]);
  });

  it('offers an operator only the kinds an operator may read', async () => {
    const operatorContext = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    try {
      const operator = await signInPage(operatorContext, server.url, 'operator@acme.test', { errors });
      await operator.goto(`${server.url}/t/acme/tasks`);
      await loaded(operator);
      await operator.getByRole('button', { name: 'New task' }).first().click();
      const dialog = operator.getByRole('dialog', { name: 'New task' });
      await dialog.waitFor();
      expect(await dialog.getByRole('combobox', { name: /^Kind/ }).locator('option').allTextContents()).toEqual([
        'None',
        'Batch',
        'Inspection',
        'Site',
      ]);
      expect(errors).toEqual([]);
    } finally {
      await operatorContext.close();
    }
  });
});
