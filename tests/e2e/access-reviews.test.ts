import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, artifactPath, checkPage, launchBrowser, loaded, signInPage } from './browser';
import { startServer, type RunningServer } from './server';
import { pdfText } from '../support/pdf-text';

// An access review in Chromium against the production build (issue 21): the admin starts a campaign over a team of
// three (Omar Operator, Vera Viewer, Quinn Quality) with two reviewers (Quinn and Quentin, the QA people). Quinn keeps
// Vera and revokes Omar's IMS operator role, signs — a wrong password first, refused with nothing applied — and the
// role is gone from Omar's member page; Quentin decides and signs. Quinn never gets an item about herself and the
// API refuses her one (403 self_review). The admin closes the campaign with her signature and downloads the PDF
// report, read back as text with pdfjs-dist: the decisions and the signers are in it. Each page and dialog is axe
// clean with nothing sideways at 1440 and 390 px; phone screenshots in tests/artifacts/access-reviews-*.png. The
// team is deleted and Omar's roles restored at the end (CI shares one database across files).
/** Polls wait this long: the machine running the browser tests is shared and busy. */
const WAIT = { timeout: 20_000 };

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

/** A same-origin API call from the signed-in page (its session cookie and Origin). */
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

/** A phone-width, full-page screenshot into tests/artifacts; the page gets its size back. */
async function phoneShot(page: Page, name: string) {
  const before = page.viewportSize()!;
  await page.setViewportSize(PHONE);
  await loaded(page);
  await page.screenshot({ path: artifactPath(`access-reviews-${name}.png`), fullPage: true });
  await page.setViewportSize(before);
}

type Member = { id: string; user: { id: string; email: string; name: string }; roles: Array<{ id: string; name: string }> };
type Item = {
  id: string;
  reviewer: { id: string; name: string };
  member: { email: string; name: string };
  decision: string | null;
  signedAt: string | null;
};

describe('access reviews', () => {
  const stamp = Date.now().toString(36);
  const campaignName = `Quarterly access review ${stamp}`;
  const errors: string[] = [];
  let adminContext: BrowserContext;
  let admin: Page;
  let members: Record<string, Member> = {};
  let teamId = '';
  let campaignPath = '';

  beforeAll(async () => {
    adminContext = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', acceptDownloads: true });
    admin = await signInPage(adminContext, server.url, 'admin@acme.test', { errors });
    const list = await apiFrom<{ data: Member[] }>(admin, 'GET', '/api/v1/tenants/acme/members?limit=200');
    members = Object.fromEntries(list.json.data.map((m) => [m.user.email, m]));
    const team = await apiFrom<{ id: string }>(admin, 'POST', '/api/v1/tenants/acme/teams', { name: `Review scope ${stamp}` });
    expect(team.status).toBe(201);
    teamId = team.json.id;
    const put = await apiFrom(admin, 'PUT', `/api/v1/tenants/acme/teams/${teamId}/members`, {
      membershipIds: ['operator@acme.test', 'viewer@acme.test', 'qa@acme.test'].map((e) => members[e].id),
    });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    if (admin) {
      const operator = members['operator@acme.test'];
      if (operator)
        await apiFrom(admin, 'PATCH', `/api/v1/tenants/acme/members/${operator.id}`, { roles: operator.roles.map((r) => r.id) });
      if (teamId) await apiFrom(admin, 'DELETE', `/api/v1/tenants/acme/teams/${teamId}`);
    }
    await adminContext?.close();
  });

  it('is in the sidebar: the list and the start dialog (a missing name refused in place), axe clean at 1440 and 390 px', async () => {
    await admin.goto(`${server.url}/t/acme`);
    await admin.getByRole('link', { name: 'Access reviews' }).first().click();
    await admin.waitForURL(/\/t\/acme\/access-reviews$/);
    await expect.poll(() => admin.getByRole('heading', { name: 'Access reviews', level: 1 }).isVisible(), WAIT).toBe(true);
    await checkPage(admin, 'access reviews list', { sizes: [DESKTOP, PHONE] });
    await phoneShot(admin, 'list');

    await admin.getByRole('button', { name: 'Start a review' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Start an access review' });
    await dialog.getByRole('radio', { name: 'The members of a team' }).check();
    await dialog.getByRole('combobox', { name: 'Team' }).selectOption(teamId);
    await dialog.getByRole('radio', { name: 'Chosen members' }).check();
    await dialog.getByRole('checkbox', { name: /qa@acme\.test/ }).check();
    await dialog.getByRole('checkbox', { name: /qa2@acme\.test/ }).check();
    await dialog.getByRole('button', { name: 'Start review' }).click();
    await expect.poll(() => dialog.getByText('Enter a name.').isVisible(), WAIT).toBe(true);
    await checkPage(admin, 'start dialog with an error', { sizes: [DESKTOP, PHONE] });
    await phoneShot(admin, 'start-dialog');

    await dialog.getByRole('textbox', { name: 'Name' }).fill(campaignName);
    await dialog.getByRole('button', { name: 'Start review' }).click();
    await admin.waitForURL(/\/t\/acme\/access-reviews\/[0-9a-f-]{36}$/);
    campaignPath = new URL(admin.url()).pathname;
    await expect.poll(() => admin.getByRole('heading', { name: campaignName, level: 1 }).isVisible(), WAIT).toBe(true);
    expect(await admin.getByTestId('campaign-owner').textContent()).toBe('Ada Admin');
    // Quinn reviews Omar and Vera; Quentin reviews all three (Quinn too): five items, none decided.
    expect(await admin.getByTestId('campaign-progress').first().textContent()).toContain('0 of 5 decided, 0 signed');
    await checkPage(admin, 'campaign page (owner)', { sizes: [DESKTOP, PHONE] });
  });

  it('reviewer 1 keeps one member and revokes a role of another; a wrong password signs nothing; then signs', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    try {
      const quinn = await signInPage(context, server.url, 'qa@acme.test', { errors });
      await quinn.goto(`${server.url}/t/acme/access-reviews`);
      const waiting = quinn.getByTestId('waiting-for-you');
      await expect.poll(() => waiting.textContent(), WAIT).toContain(campaignName);
      expect(await waiting.textContent()).toContain('2 to decide');
      await checkPage(quinn, 'access reviews list (reviewer)', { sizes: [DESKTOP, PHONE] });
      await waiting.getByRole('link', { name: campaignName }).click();
      await quinn.waitForURL((url) => url.pathname === campaignPath);
      await loaded(quinn);

      const mine = quinn.getByTestId('my-items');
      expect(await mine.getByRole('article').count()).toBe(2);
      // Nobody reviews their own access: no item about Quinn, so no form for it.
      expect(await mine.getByRole('article', { name: 'Quinn Quality' }).count()).toBe(0);

      const vera = mine.getByRole('article', { name: 'Vera Viewer' });
      await vera.getByRole('radio', { name: /^Keep/ }).check();
      await vera.getByRole('button', { name: 'Save decision' }).click();
      await expect.poll(() => vera.getByTestId('item-state').textContent(), WAIT).toBe('Decided, not signed');

      const omar = mine.getByRole('article', { name: 'Omar Operator' });
      await omar.getByRole('radio', { name: /^Revoke/ }).check();
      await omar.getByRole('checkbox', { name: /^Role IMS operator/ }).check();
      await omar.getByRole('button', { name: 'Save decision' }).click();
      // A revocation needs a reason: refused in place, nothing sent.
      await expect
        .poll(() =>
          omar
            .getByText(/needs a comment|Say why/)
            .first()
            .isVisible(),
        )
        .toBe(true);
      await omar.getByRole('textbox', { name: /^Comment/ }).fill('Moved off the warehouse system.');
      await omar.getByRole('button', { name: 'Save decision' }).click();
      await expect.poll(() => omar.getByTestId('item-state').textContent(), WAIT).toBe('Decided, not signed');
      expect(await omar.getByTestId('decision-summary').textContent()).toContain('Revoke role IMS operator');
      await checkPage(quinn, 'campaign page (reviewer, decided)', { sizes: [DESKTOP, PHONE] });
      await phoneShot(quinn, 'reviewer');

      await quinn.getByRole('button', { name: /Sign my decisions/ }).click();
      const sign = quinn.getByRole('dialog', { name: 'Sign my decisions' });
      expect(await sign.getByTestId('signature-meaning').textContent()).toBe('Reviewed');
      expect(await sign.getByTestId('signature-signer').textContent()).toBe('Quinn Quality');
      await sign.getByLabel('Your password').fill('not-the-password');
      await sign.getByRole('button', { name: 'Sign decisions' }).click();
      await expect.poll(() => sign.getByTestId('signature-error').first().textContent(), WAIT).toContain('The password is not right');
      await checkPage(quinn, 'sign dialog with a wrong password', { sizes: [DESKTOP, PHONE] });
      await phoneShot(quinn, 'sign-dialog');
      // Nothing applied: Omar still holds the role, and both decisions wait for the signature.
      const omarNow = await apiFrom<Member>(admin, 'GET', `/api/v1/tenants/acme/members/${members['operator@acme.test'].id}`);
      expect(omarNow.json.roles.map((r) => r.name)).toContain('IMS operator');

      await sign.getByLabel('Your password').fill('custos-demo-pass');
      await sign.getByRole('button', { name: 'Sign decisions' }).click();
      await expect.poll(() => sign.isVisible(), WAIT).toBe(false);
      await expect.poll(() => omar.getByTestId('item-state').textContent(), WAIT).toBe('Signed');
      expect(await vera.getByTestId('item-state').textContent()).toBe('Signed');
      expect(await mine.getByTestId('decision-form').count()).toBe(0);

      // The API refuses Quinn an item about herself (Quentin's), whatever she sends.
      const all = await apiFrom<{ data: Item[] }>(
        admin,
        'GET',
        `/api/v1/tenants/acme${campaignPath.replace('/t/acme', '')}/items?reviewer=all`,
      );
      const aboutQuinn = all.json.data.find((i) => i.member.email === 'qa@acme.test')!;
      expect(aboutQuinn.reviewer.name).toBe('Quentin Second');
      const own = await apiFrom<{ code: string }>(
        quinn,
        'PATCH',
        `/api/v1/tenants/acme${campaignPath.replace('/t/acme', '')}/items/${aboutQuinn.id}`,
        { decision: 'keep' },
      );
      expect(own.status).toBe(403);
      expect(own.json.code).toBe('self_review');
    } finally {
      await context.close();
    }
  });

  it("the revoked role is gone from the member's page", async () => {
    await admin.goto(`${server.url}/t/acme/members/${members['operator@acme.test'].id}`);
    await loaded(admin);
    const card = admin.locator('[data-slot="card"]', { has: admin.getByRole('heading', { name: 'Roles and teams' }) });
    await expect.poll(() => card.textContent(), WAIT).toMatch(/operator/);
    // An admin sees the roles as checkboxes (editable), others as a list: either way IMS operator is not held.
    if ((await card.getByRole('checkbox').count()) > 0) {
      await expect.poll(() => card.getByRole('checkbox', { name: /^operator/ }).isChecked(), WAIT).toBe(true);
      expect(await card.getByRole('checkbox', { name: /IMS operator/ }).isChecked()).toBe(false);
    } else expect(await card.textContent()).not.toContain('IMS operator');
    const omar = await apiFrom<Member>(admin, 'GET', `/api/v1/tenants/acme/members/${members['operator@acme.test'].id}`);
    expect(omar.json.roles.map((r) => r.name)).not.toContain('IMS operator');
  });

  it('reviewer 2 decides on all three and signs', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    try {
      const quentin = await signInPage(context, server.url, 'qa2@acme.test', { errors });
      await quentin.goto(`${server.url}${campaignPath}`);
      await loaded(quentin);
      const mine = quentin.getByTestId('my-items');
      expect(await mine.getByRole('article').count()).toBe(3);
      for (const name of ['Omar Operator', 'Vera Viewer', 'Quinn Quality']) {
        const item = mine.getByRole('article', { name });
        await item.getByRole('radio', { name: /^Keep/ }).check();
        await item.getByRole('button', { name: 'Save decision' }).click();
        await expect.poll(() => item.getByTestId('item-state').textContent(), WAIT).toBe('Decided, not signed');
      }
      await quentin.getByRole('button', { name: /Sign my decisions \(3\)/ }).click();
      const sign = quentin.getByRole('dialog', { name: 'Sign my decisions' });
      await sign.getByLabel('Your password').fill('custos-demo-pass');
      await sign.getByRole('button', { name: 'Sign decisions' }).click();
      await expect.poll(() => sign.isVisible(), WAIT).toBe(false);
      await expect.poll(() => mine.getByTestId('item-state').allTextContents(), WAIT).toEqual(['Signed', 'Signed', 'Signed']);
    } finally {
      await context.close();
    }
  });

  it('the owner closes with her signature and the PDF report names every decision and signer', async () => {
    await admin.goto(`${server.url}${campaignPath}`);
    await loaded(admin);
    expect(await admin.getByTestId('campaign-progress').first().textContent()).toContain('5 of 5 decided, 5 signed');
    await admin.getByRole('button', { name: 'Close and sign' }).click();
    const sign = admin.getByRole('dialog', { name: 'Close and sign the review' });
    expect(await sign.getByTestId('signature-meaning').textContent()).toBe('Approved');
    await checkPage(admin, 'close dialog', { sizes: [DESKTOP, PHONE] });
    await sign.getByLabel('Your password').fill('custos-demo-pass');
    await sign.getByRole('button', { name: 'Close and sign' }).click();
    await expect.poll(() => sign.isVisible(), WAIT).toBe(false);
    await expect.poll(() => admin.getByTestId('campaign-status').first().textContent(), WAIT).toBe('Closed');
    expect(await admin.getByRole('button', { name: 'Close and sign' }).count()).toBe(0);
    await checkPage(admin, 'closed campaign', { sizes: [DESKTOP, PHONE] });
    await phoneShot(admin, 'closed');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('report-pdf').click()]);
    const file = await download.path();
    const bytes = new Uint8Array(readFileSync(file));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain(campaignName);
    for (const who of ['Ada Admin', 'Quinn Quality', 'Quentin Second', 'Omar Operator', 'Vera Viewer']) expect(text).toContain(who);
    expect(text).toContain('Revoke');
    expect(text).toContain('Keep');
    expect(text).toContain('IMS operator');
    expect(text).toContain('Moved off the warehouse system.');
    expect(text).not.toMatch(/draft/i);
    expect(errors).toEqual([]);
  });

  it("another tenant's admin gets the not-found page for this campaign", async () => {
    const other = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await signInPage(other, server.url, 'admin@globex.test', {});
      const res = await page.goto(`${server.url}${campaignPath.replace('/t/acme/', '/t/globex/')}`);
      expect(res?.status()).toBe(404);
      await expect.poll(() => page.getByRole('heading', { name: 'Access review not found' }).isVisible(), WAIT).toBe(true);
    } finally {
      await other.close();
    }
  });
});
