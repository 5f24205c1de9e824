import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from './browser';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WIDTHS, crawlShot, dialogFits, extraPrimaries, headerActions, openDialog, scan, settle, trackRequests } from './crawl-scan';
import { startServer, type RunningServer } from './server';

// The accessibility crawl (issue 16): every console, account, auth and platform page, as the people who use them, at
// 1440×900 and 390×844, with its dialogs opened. On each: axe-core finds no critical or serious violation, the page
// does not scroll sideways, the visible text has no snake_case value and no full UUID, and an open dialog fits the
// screen. A screenshot per page and width lands in tests/artifacts/crawl/. Each page is its own test, and a failure
// lists every problem of that page with the rule, the element and the width.

type Login = 'signed-out' | 'admin@acme.test' | 'viewer@acme.test' | 'operator@acme.test' | 'qa@acme.test' | 'root@custos.test';

type Opener = {
  /** Short name of the dialog, used in messages and screenshot names. */
  name: string;
  open: (page: Page) => Promise<unknown>;
  /** Only at these widths (the navigation drawer exists on small screens only). */
  widths?: number[];
  /** A dropdown menu rather than a dialog: the whole page is scanned with it open (a modal menu must not hide focusable content). */
  menu?: boolean;
};

type Visit = {
  name: string;
  as: Login;
  path: () => string;
  dialogs?: Opener[];
  /** The answer's HTTP status when it is not 200 (an unknown record: 404). */
  status?: number;
  /** In the dark theme (the system preference, which the console follows by default). */
  dark?: boolean;
};

let server: RunningServer;
let serialProblem = '';
let accessReviewProblem = '';
/** Button ranks: places with two or more solid primary buttons, and each page header's buttons (tests/artifacts/crawl/button-ranks.txt). */
const primaries: string[] = [];
let browser: Browser;
type Session = { context: BrowserContext; page: Page; errors: string[]; inFlight: () => number };
const contexts = new Map<Login, Session>();

/** Ids of the seeded records the crawl opens (read once through the API as the admin). */
const ids = {
  planned: '',
  underReview: '',
  released: '',
  awaitingInspection: '',
  reviewedInspection: '',
  operatorMember: '',
  serial: '',
  webhook: '',
  accessReview: '',
};

async function pageFor(login: Login): Promise<Session> {
  const known = contexts.get(login);
  if (known) return known;
  const context = await browser.newContext({ viewport: WIDTHS[0], reducedMotion: 'reduce' });
  const errors: string[] = [];
  let page: Page;
  if (login === 'signed-out') {
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
    });
  } else {
    page = await signInPage(context, server.url, login, { errors });
  }
  const entry = { context, page, errors, inFlight: trackRequests(page) };
  contexts.set(login, entry);
  return entry;
}

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${server.url}/api/v1/tenants/acme${path}`);
  if (res.status() !== 200) throw new Error(`GET ${path}: ${res.status()}`);
  return (await res.json()) as T;
}

const button = (name: RegExp) => (page: Page) => page.getByRole('main').getByRole('button', { name }).first().click({ timeout: 10_000 });

/** Click the first enabled button of `names` (in order) in the page's main region. */
const firstEnabled = (...names: RegExp[]) =>
  async function (page: Page) {
    for (const name of names) {
      const candidates = page.getByRole('main').getByRole('button', { name });
      for (const candidate of await candidates.all()) {
        if (await candidate.isEnabled()) return candidate.click();
      }
    }
    throw new Error(`no enabled button named ${names.map(String).join(' or ')}`);
  };

async function crawl(visit: Visit): Promise<string[]> {
  const { page, errors, inFlight } = await pageFor(visit.as);
  errors.length = 0;
  await page.emulateMedia({ colorScheme: visit.dark ? 'dark' : 'light' });
  const problems: string[] = [];
  for (const size of WIDTHS) {
    const where = `${visit.name} (${visit.as}) at ${size.width}`;
    await page.setViewportSize(size);
    if (size === WIDTHS[0]) {
      const res = await page.goto(server.url + visit.path(), { waitUntil: 'domcontentloaded' });
      const status = res?.status() ?? 0;
      if (status !== (visit.status ?? 200)) problems.push(`${where}: answered ${status}, expected ${visit.status ?? 200}`);
      await page.locator('main').first().waitFor({ timeout: 20_000 });
    } else {
      // The same page turned narrow (as a window resized or a tablet turned): layouts must follow without a reload.
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await settle(page, inFlight);
    problems.push(...(await scan(page, where)));
    if (size === WIDTHS[0]) {
      primaries.push(...(await extraPrimaries(page)).map((p) => `${visit.name} (${visit.as}): more than one primary in ${p}`));
      const actions = await headerActions(page);
      if (actions) primaries.push(`${visit.name} (${visit.as}): page header: ${actions}`);
    }
    await page.screenshot({ path: crawlShot(`${visit.name}-${size.width}`), fullPage: true });

    for (const opener of visit.dialogs ?? []) {
      if (opener.widths && !opener.widths.includes(size.width)) continue;
      const withDialog = `${where} with the ${opener.name} dialog open`;
      try {
        await opener.open(page);
        const dialog = opener.menu ? page.locator('[role="menu"][data-state="open"]').last() : openDialog(page);
        await dialog.waitFor({ timeout: 10_000 });
        await settle(page, inFlight);
        if (opener.menu) problems.push(...(await scan(page, withDialog)));
        else problems.push(...(await scan(page, withDialog, true)), ...(await dialogFits(dialog, withDialog)));
        await page.screenshot({ path: crawlShot(`${visit.name}-${opener.name}-${size.width}`) });
      } catch (error) {
        problems.push(`${withDialog}: could not open it: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
      }
      await page.keyboard.press('Escape');
      await page
        .waitForFunction(
          () => !document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"], [role="menu"]'),
          null,
          {
            timeout: 5_000,
          },
        )
        .catch(() => problems.push(`${withDialog}: Escape did not close it`));
    }
  }
  problems.push(...errors.map((e) => `${visit.name} (${visit.as}): ${e}`));
  return problems;
}

beforeAll(async () => {
  // Its own freshly seeded embedded database, also in CI (where the other e2e files share one PostgreSQL database and
  // approve, release or move the seeded records the crawl opens).
  server = await startServer({ PGLITE_DIR: mkdtempSync(path.join(tmpdir(), 'custos-crawl-pglite-')) });
  browser = await launchBrowser();
  const { page } = await pageFor('admin@acme.test');
  type Batch = { id: string; batchNumber: string; status: string };
  const batches = (await api<{ data: Batch[] }>(page, '/batches?limit=100')).data;
  const byNumber = (n: string) => batches.find((b) => b.batchNumber === n)?.id ?? '';
  // The seed: ACM2607001 planned, …002 in production with an in-process check awaiting review, …004 under review
  // with an approved release inspection, …006 released.
  ids.planned = byNumber('ACM2607001');
  ids.underReview = byNumber('ACM2607004');
  ids.released = byNumber('ACM2607006');
  type Inspection = { id: string; status?: string; reviewedAt?: string | null };
  ids.awaitingInspection = (await api<{ data: Inspection[] }>(page, `/batches/${byNumber('ACM2607002')}/inspections`)).data[0]?.id ?? '';
  ids.reviewedInspection = (await api<{ data: Inspection[] }>(page, `/batches/${ids.underReview}/inspections`)).data[0]?.id ?? '';
  type Member = { id: string; user: { email: string } };
  ids.operatorMember =
    (await api<{ data: Member[] }>(page, '/members?limit=100')).data.find((m) => m.user.email === 'operator@acme.test')?.id ?? '';

  // A webhook endpoint with one delivery in its log (a test event; its address does not resolve, so it waits to retry).
  const hook = await page.request.post(`${server.url}/api/v1/tenants/acme/webhooks`, {
    data: { url: 'https://hooks.example.com/custos-crawl', description: 'Crawl receiver', events: ['member.*', 'batch.released'] },
    headers: { origin: server.url },
  });
  ids.webhook = ((await hook.json()) as { id?: string }).id ?? '';

  // An open access review of every member, reviewed by the two QA people (nobody reviews their own access, so each
  // needs the other): the campaign page with decision forms.
  type Person = { user: { id: string; email: string } };
  const people = (await api<{ data: Person[] }>(page, '/members?limit=100')).data;
  const reviewers = ['qa@acme.test', 'qa2@acme.test'].map((email) => people.find((m) => m.user.email === email)?.user.id);
  const review = await page.request.post(`${server.url}/api/v1/tenants/acme/access-reviews`, {
    data: {
      name: 'Crawl access review',
      scope: { type: 'all' },
      reviewers: { type: 'people', userIds: reviewers },
      dueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    },
    headers: { origin: server.url },
  });
  ids.accessReview = ((await review.json()) as { id?: string }).id ?? '';
  if (!ids.accessReview) accessReviewProblem = `starting an access review answered ${review.status()}: ${await review.text()}`;
  if (ids.webhook)
    await page.request.post(`${server.url}/api/v1/tenants/acme/webhooks/${ids.webhook}/test`, { headers: { origin: server.url } });

  // Three serials on the released batch, for a serial's page (its test fails with the reason if this does not work).
  const started = await page.request.post(`${server.url}/api/v1/tenants/acme/batches/${ids.released}/serials`, {
    data: { count: 3 },
    headers: { origin: server.url },
  });
  if (started.status() !== 202) {
    serialProblem = `generating serials answered ${started.status()}: ${await started.text()}`;
    return;
  }
  for (let tries = 0; tries < 200 && !ids.serial; tries++) {
    const list = await api<{ data: { serial: string }[] }>(page, `/batches/${ids.released}/serials?limit=1`);
    ids.serial = list.data[0]?.serial ?? '';
    if (!ids.serial) await page.waitForTimeout(250);
  }
  if (!ids.serial) serialProblem = 'the generated serials did not appear within 50 s';
});

afterAll(async () => {
  writeFileSync(crawlShot('button-ranks').replace(/\.png$/, '.txt'), primaries.join('\n') + '\n');
  for (const { context } of contexts.values()) await context.close();
  await browser?.close();
  await server?.stop();
});

const t = (path: string) => `/t/acme${path}`;
/** The crawl's access review (its visits fail with the reason when it could not be started). */
const campaignPage = () => {
  if (!ids.accessReview) throw new Error(accessReviewProblem || 'no access review was started');
  return t(`/access-reviews/${ids.accessReview}`);
};

const VISITS: Visit[] = [
  // Signed out: the account pages, and single-use links that are not (or no longer) valid.
  { name: 'sign-in', as: 'signed-out', path: () => '/sign-in' },
  { name: 'sign-up', as: 'signed-out', path: () => '/sign-up' },
  { name: 'forgot-password', as: 'signed-out', path: () => '/forgot-password' },
  { name: 'reset-password-invalid', as: 'signed-out', path: () => '/reset-password/not-a-real-token' },
  { name: 'verify-email-invalid', as: 'signed-out', path: () => '/verify-email/not-a-real-token' },
  { name: 'invite-invalid', as: 'signed-out', path: () => '/invite/not-a-real-token' },
  { name: 'unlock-invalid', as: 'signed-out', path: () => '/sign-in/unlock/not-a-real-token' },

  // The tenant admin: every console page.
  {
    name: 'dashboard',
    as: 'admin@acme.test',
    path: () => t(''),
    dialogs: [
      { name: 'navigation', open: (p) => p.getByRole('button', { name: 'Open navigation' }).click(), widths: [390] },
      { name: 'user-menu', open: (p) => p.getByTestId('user-menu').click(), menu: true },
      { name: 'tenant-menu', open: (p) => p.getByTestId('tenant-switcher').click(), menu: true, widths: [1440] },
    ],
  },
  { name: 'batches', as: 'admin@acme.test', path: () => t('/batches'), dialogs: [{ name: 'new-batch', open: button(/^new batch$/i) }] },
  {
    name: 'batch-planned',
    as: 'admin@acme.test',
    path: () => t(`/batches/${ids.planned}`),
    dialogs: [{ name: 'move', open: firstEnabled(/^start production/i) }],
  },
  // The admin may not sign releases or reviews: the qa visits below open the signature dialogs.
  {
    name: 'batch-overview',
    as: 'admin@acme.test',
    path: () => t(`/batches/${ids.underReview}`),
    dialogs: [{ name: 'export-menu', open: button(/^export$/i), menu: true }],
  },
  {
    name: 'batch-inspections',
    as: 'admin@acme.test',
    path: () => t(`/batches/${ids.underReview}?tab=inspections`),
    dialogs: [{ name: 'record-inspection', open: button(/^record inspection$/i) }],
  },
  {
    name: 'batch-serials',
    as: 'admin@acme.test',
    path: () => t(`/batches/${ids.underReview}?tab=serials`),
    dialogs: [{ name: 'generate-serials', open: button(/^generate serials$/i) }],
  },
  { name: 'batch-serials-list', as: 'admin@acme.test', path: () => t(`/batches/${ids.released}?tab=serials`) },
  { name: 'batch-signatures', as: 'admin@acme.test', path: () => t(`/batches/${ids.released}?tab=signatures`) },
  { name: 'batch-notes', as: 'admin@acme.test', path: () => t(`/batches/${ids.underReview}?tab=notes`) },
  { name: 'batch-history', as: 'admin@acme.test', path: () => t(`/batches/${ids.underReview}?tab=history`) },
  {
    name: 'serial',
    as: 'admin@acme.test',
    path: () => {
      if (serialProblem) throw new Error(serialProblem);
      return t(`/batches/${ids.released}/serials/${ids.serial}`);
    },
  },
  { name: 'inspection-awaiting-review', as: 'admin@acme.test', path: () => t(`/inspections/${ids.awaitingInspection}`) },
  { name: 'inspection-reviewed', as: 'admin@acme.test', path: () => t(`/inspections/${ids.reviewedInspection}`) },
  {
    name: 'tasks',
    as: 'operator@acme.test',
    path: () => t('/tasks?view=all&status=any'),
    dialogs: [{ name: 'new-task', open: button(/^new task$/i) }],
  },
  { name: 'sites', as: 'admin@acme.test', path: () => t('/sites'), dialogs: [{ name: 'new-site', open: button(/^new site$/i) }] },
  { name: 'members', as: 'admin@acme.test', path: () => t('/members') },
  {
    name: 'member',
    as: 'admin@acme.test',
    path: () => t(`/members/${ids.operatorMember}`),
    dialogs: [{ name: 'remove-member', open: button(/^remove member$/i) }],
  },
  { name: 'invitations', as: 'admin@acme.test', path: () => t('/invitations'), dialogs: [{ name: 'invite', open: button(/^invite$/i) }] },
  {
    name: 'roles',
    as: 'admin@acme.test',
    path: () => t('/roles'),
    dialogs: [
      { name: 'new-role', open: button(/^new role$/i) },
      { name: 'role-history', open: button(/^history of role/i) },
    ],
  },
  { name: 'teams', as: 'admin@acme.test', path: () => t('/teams'), dialogs: [{ name: 'new-team', open: button(/^new team$/i) }] },
  {
    name: 'systems',
    as: 'admin@acme.test',
    path: () => t('/systems'),
    dialogs: [{ name: 'register-system', open: button(/^register system$/i) }],
  },
  // The demo system of the seed (db/seed-systems.ts): its keys, its role and its one confidential OpenID client.
  {
    name: 'system',
    as: 'admin@acme.test',
    path: () => t('/systems/ims'),
    dialogs: [
      { name: 'add-client', open: button(/^add client$/i) },
      { name: 'change-client', open: button(/^change ims web$/i) },
      { name: 'rotate-client-secret', open: button(/^rotate secret of ims web$/i) },
      { name: 'delete-client', open: button(/^delete ims web$/i) },
      { name: 'switch-system-off', open: button(/^(deactivate|switch off)/i) },
    ],
  },
  {
    name: 'api-keys',
    as: 'admin@acme.test',
    path: () => t('/api-keys'),
    dialogs: [{ name: 'create-api-key', open: button(/^create api key$/i) }],
  },
  {
    name: 'webhooks',
    as: 'admin@acme.test',
    path: () => t('/webhooks'),
    dialogs: [{ name: 'add-endpoint', open: button(/^add endpoint$/i) }],
  },
  {
    name: 'webhook-endpoint',
    as: 'admin@acme.test',
    path: () => t(`/webhooks/${ids.webhook}`),
    dialogs: [
      { name: 'change-endpoint', open: button(/^change$/i) },
      { name: 'switch-endpoint-off', open: button(/^switch off$/i) },
      { name: 'rotate-endpoint-secret', open: button(/^rotate secret$/i) },
      { name: 'delete-endpoint', open: button(/^delete$/i) },
      { name: 'replay-range', open: button(/^send a time range again$/i) },
      { name: 'delivery-details', open: firstEnabled(/^details/i) },
    ],
  },
  { name: 'audit', as: 'admin@acme.test', path: () => t('/audit') },
  { name: 'settings', as: 'admin@acme.test', path: () => t('/settings') },
  {
    name: 'settings-notifications',
    as: 'admin@acme.test',
    path: () => t('/settings/notifications'),
    dialogs: [{ name: 'add-digest', open: button(/^add digest$/i) }],
  },
  { name: 'account', as: 'admin@acme.test', path: () => '/account' },
  { name: 'account-password', as: 'admin@acme.test', path: () => '/account/password' },
  { name: 'account-security', as: 'admin@acme.test', path: () => '/account/security?enrol=1' },
  {
    name: 'account-sessions',
    as: 'admin@acme.test',
    path: () => '/account/sessions',
    dialogs: [{ name: 'revoke-session', open: button(/^(revoke|sign out)/i) }],
  },
  { name: 'missing-batch', as: 'admin@acme.test', path: () => t('/batches/00000000-0000-4000-8000-000000000000'), status: 404 },
  { name: 'missing-inspection', as: 'admin@acme.test', path: () => t('/inspections/00000000-0000-4000-8000-000000000000'), status: 404 },
  { name: 'missing-member', as: 'admin@acme.test', path: () => t('/members/00000000-0000-4000-8000-000000000000'), status: 404 },
  { name: 'unknown-page', as: 'admin@acme.test', path: () => t('/no-such-page'), status: 404 },
  { name: 'missing-webhook', as: 'admin@acme.test', path: () => t('/webhooks/00000000-0000-4000-8000-000000000000'), status: 404 },
  {
    name: 'access-reviews',
    as: 'admin@acme.test',
    path: () => t('/access-reviews'),
    dialogs: [{ name: 'start-review', open: button(/^start a review$/i) }],
  },
  { name: 'access-review', as: 'admin@acme.test', path: () => campaignPage() },
  { name: 'qa-access-review', as: 'qa@acme.test', path: () => campaignPage() },
  {
    name: 'missing-access-review',
    as: 'admin@acme.test',
    path: () => t('/access-reviews/00000000-0000-4000-8000-000000000000'),
    status: 404,
  },

  // Other roles see other buttons.
  ...(['viewer', 'operator', 'qa'] as const).flatMap((role): Visit[] => {
    const as = `${role}@acme.test` as const;
    return [
      { name: `${role}-dashboard`, as, path: () => t('') },
      ...(role === 'viewer'
        ? [
            { name: 'viewer-members-not-allowed', as, path: () => t('/members') },
            { name: 'viewer-system-not-allowed', as, path: () => t('/systems/ims') },
            { name: 'viewer-webhooks-not-allowed', as, path: () => t('/webhooks') },
          ]
        : []),
      { name: `${role}-batches`, as, path: () => t('/batches') },
      {
        name: `${role}-batch`,
        as,
        path: () => t(`/batches/${role === 'operator' ? ids.planned : ids.underReview}`),
        dialogs:
          role === 'operator'
            ? [{ name: 'move', open: firstEnabled(/^start production/i) }]
            : role === 'qa'
              ? [{ name: 'signature', open: firstEnabled(/^release/i, /^reject/i) }]
              : [],
      },
      {
        name: `${role}-inspection`,
        as,
        path: () => t(`/inspections/${ids.awaitingInspection}`),
        dialogs: role === 'qa' ? [{ name: 'review-signature', open: firstEnabled(/^approve/i) }] : [],
      },
    ];
  }),

  // The dark theme: its own contrast.
  ...(
    [
      ['sign-in', 'signed-out', () => '/sign-in', []],
      ['dashboard', 'admin@acme.test', () => t(''), []],
      [
        'batch',
        'qa@acme.test',
        () => t(`/batches/${ids.underReview}`),
        [{ name: 'signature', open: firstEnabled(/^release/i, /^reject/i) }],
      ],
      ['inspection', 'qa@acme.test', () => t(`/inspections/${ids.awaitingInspection}`), []],
      ['roles', 'admin@acme.test', () => t('/roles'), []],
      ['system', 'admin@acme.test', () => t('/systems/ims'), []],
      ['audit', 'admin@acme.test', () => t('/audit'), []],
      ['account', 'admin@acme.test', () => '/account', []],
    ] as const
  ).map(([name, as, path, dialogs]): Visit => ({ name: `dark-${name}`, as, path, dialogs: [...dialogs], dark: true })),

  // The platform administrator.
  { name: 'tenants-home', as: 'root@custos.test', path: () => '/' },
  { name: 'admin', as: 'root@custos.test', path: () => '/admin' },
  {
    name: 'admin-tenants',
    as: 'root@custos.test',
    path: () => '/admin/tenants',
    dialogs: [{ name: 'create-tenant', open: button(/^create tenant$/i) }],
  },
  { name: 'admin-users', as: 'root@custos.test', path: () => '/admin/users' },
  { name: 'admin-jobs', as: 'root@custos.test', path: () => '/admin/jobs' },
  { name: 'admin-audit', as: 'root@custos.test', path: () => '/admin/audit' },
];

describe('console shell by keyboard', () => {
  it('starts with a skip link to the main region, shows where focus is, and has one banner, main and console navigation', async () => {
    const { page, inFlight } = await pageFor('admin@acme.test');
    const problems: string[] = [];
    for (const size of WIDTHS) {
      const where = `shell at ${size.width}`;
      await page.setViewportSize(size);
      await page.goto(`${server.url}${t('')}`);
      await settle(page, inFlight);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const r = el?.getBoundingClientRect();
        return { text: el?.innerText ?? '', visible: Boolean(r && r.width > 0 && r.top >= 0 && r.bottom <= innerHeight) };
      });
      if (skip.text !== 'Skip to content' || !skip.visible)
        problems.push(`${where}: the first Tab reaches "${skip.text}" (visible: ${skip.visible})`);
      await page.keyboard.press('Enter');
      if ((await page.evaluate(() => document.activeElement?.id)) !== 'main')
        problems.push(`${where}: the skip link does not move focus to main`);
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el !== document.body ? getComputedStyle(el).outlineStyle : 'nothing focused';
      });
      if (outline === 'none' || outline === 'nothing focused') problems.push(`${where}: the focused element shows no outline (${outline})`);
      for (const [role, count] of [
        ['banner', await page.getByRole('banner').count()],
        ['main', await page.getByRole('main').count()],
      ] as const) {
        if (count !== 1) problems.push(`${where}: ${count} ${role} landmarks`);
      }
      if (size.width === 1440 && !(await page.getByRole('navigation', { name: 'Console' }).isVisible())) {
        problems.push(`${where}: no visible Console navigation`);
      }
      if (size.width === 390 && !(await page.getByRole('button', { name: 'Open navigation' }).isVisible())) {
        problems.push(`${where}: no Open navigation button`);
      }
    }
    expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
  });
});

describe('accessibility crawl at 1440 and 390 px (axe, sideways scroll, plain words)', () => {
  for (const visit of VISITS) {
    it(`${visit.name} as ${visit.as}`, async () => {
      const problems = await crawl(visit);
      expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
    });
  }
});
