import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { DESKTOP, PHONE, checkPage, launchBrowser, loaded, signInPage } from './browser';
import { startServer, type RunningServer } from './server';

// Webhooks in Chromium against the production build, with its job engine running: the admin adds an endpoint
// pointing at a local receiver (a node:http server that verifies every request with the `standardwebhooks`
// library), copies the secret from the page, sends a test event — the receiver verifies it and the page shows it
// delivered; a member's roles change and `member.updated` arrives, verified; the secret is rotated behind a
// confirmation, and the next delivery verifies with the new secret. axe finds no critical or serious problem and
// nothing scrolls sideways at 1440 and 390 px on both pages. The endpoint is deleted and the member's roles
// restored at the end (CI shares one database across files).
let server: RunningServer;
let browser: Browser;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // The receiver listens on 127.0.0.1: private addresses are allowed for this server only.
  server = await startServer({ WEBHOOKS_ALLOW_PRIVATE: '1' });
  browser = await launchBrowser();
  receiver = await startWebhookReceiver({ path: `/hooks/${Date.now().toString(36)}` });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
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

describe('webhooks', () => {
  let context: BrowserContext;
  let admin: Page;
  const errors: string[] = [];
  let endpointPath = '';
  let restoreRoles: (() => Promise<unknown>) | null = null;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    admin = await signInPage(context, server.url, 'admin@acme.test', { errors });
  });
  afterAll(async () => {
    if (restoreRoles) await restoreRoles();
    const id = endpointPath.split('/').pop();
    if (admin && id) await apiFrom(admin, 'DELETE', `/api/v1/tenants/acme/webhooks/${id}`);
    await context?.close();
  });

  it('is in the sidebar and lists the endpoints (axe, 390 px)', async () => {
    await admin.goto(`${server.url}/t/acme`);
    await admin.getByRole('link', { name: 'Webhooks' }).first().click();
    await admin.waitForURL(/\/t\/acme\/webhooks$/);
    await expect.poll(() => admin.getByRole('heading', { name: 'Webhooks', level: 1 }).isVisible()).toBe(true);
    await checkPage(admin, 'webhooks list', { sizes: [DESKTOP, PHONE] });
  });

  it('adds an endpoint for member events: a bad URL is refused in place, and the secret is shown once and copied', async () => {
    await admin.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^URL/ }).fill('ftp://example.com/x');
    await dialog.getByRole('checkbox', { name: 'All members' }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => dialog.getByText('Must use https://.').isVisible()).toBe(true);
    await checkPage(admin, 'add endpoint dialog with an error');
    await dialog.getByRole('textbox', { name: /^URL/ }).fill(receiver.url);
    await dialog.getByRole('textbox', { name: /^Description/ }).fill('Browser test receiver');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    const secretDialog = admin.getByRole('dialog', { name: 'The endpoint is ready' });
    await secretDialog.getByTestId('webhook-secret').waitFor();
    await secretDialog.getByRole('button', { name: 'Copy signing secret' }).click();
    const copied = await admin.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^whsec_/);
    expect(await secretDialog.getByTestId('webhook-secret').textContent()).toBe(copied);
    receiver.secrets.push(copied);
    await checkPage(admin, 'secret dialog', { sizes: [DESKTOP, PHONE] });
    await secretDialog.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => admin.getByText(copied).count()).toBe(0);

    await admin.getByRole('link', { name: receiver.url }).first().click();
    await admin.waitForURL(/\/t\/acme\/webhooks\/[0-9a-f-]{36}$/);
    endpointPath = new URL(admin.url()).pathname;
    await loaded(admin);
    expect(await admin.content()).not.toContain(copied);
  });

  it('sends a test event: the receiver verifies it, and the page shows it delivered', async () => {
    await admin.getByRole('button', { name: 'Send test event' }).click();
    const outcome = admin.getByTestId('test-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toContain('The test event was delivered');
    expect(await outcome.textContent()).toContain('Answered 200');
    const test = receiver.received.find((r) => r.payload?.type === 'webhook.test');
    expect(test?.verifiedWith).toBe(0);
    expect(test?.payload?.data).toMatchObject({ tenant: 'acme' });
    await expect.poll(() => admin.getByTestId('delivery-row').first().textContent()).toContain('Delivered');
    await checkPage(admin, 'endpoint page after a test event', { sizes: [DESKTOP, PHONE] });
  });

  it("a member's roles change: member.updated arrives, verified, and is in the log", async () => {
    type Member = { id: string; user: { email: string }; roles: Array<{ id: string; name: string }> };
    const members = await apiFrom<{ data: Member[] }>(admin, 'GET', '/api/v1/tenants/acme/members?q=viewer%40acme.test');
    const viewer = members.json.data.find((m) => m.user.email === 'viewer@acme.test')!;
    const roles = await apiFrom<{ data: Array<{ id: string; name: string }> }>(admin, 'GET', '/api/v1/tenants/acme/roles?limit=200');
    const operator = roles.json.data.find((r) => r.name === 'operator')!;
    const before = viewer.roles.map((r) => r.id);
    restoreRoles = () => apiFrom(admin, 'PATCH', `/api/v1/tenants/acme/members/${viewer.id}`, { roles: before });
    const changed = await apiFrom(admin, 'PATCH', `/api/v1/tenants/acme/members/${viewer.id}`, { roles: [...before, operator.id] });
    expect(changed.status).toBe(200);
    await expect
      .poll(() => receiver.received.filter((r) => r.payload?.type === 'member.updated').length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const event = receiver.received.find((r) => r.payload?.type === 'member.updated')!;
    expect(event.verifiedWith).toBe(0);
    await admin.reload();
    await expect.poll(() => admin.getByTestId('delivery-row').first().textContent()).toContain('member.updated');
  });

  it('rotates the secret behind a confirmation; the next delivery verifies with the new one', async () => {
    await admin.getByRole('button', { name: 'Rotate secret' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    const secretDialog = admin.getByRole('dialog', { name: 'New signing secret' });
    const shown = secretDialog.getByTestId('webhook-secret');
    await shown.waitFor();
    const fresh = (await shown.textContent())!;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(receiver.secrets[0]);
    expect(await secretDialog.textContent()).toContain('The previous secret keeps working until');
    await secretDialog.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => admin.getByText('Rotated; the previous secret keeps working until', { exact: false }).isVisible()).toBe(true);

    // Only the new secret is given to the receiver now: the delivery carries a signature made with it.
    receiver.secrets.splice(0, receiver.secrets.length, fresh);
    // The test event is told apart by its id (the webhook-id header), not by arriving next: anything else the
    // endpoint subscribes to may be delivered meanwhile.
    const sent = admin.waitForResponse((r) => r.request().method() === 'POST' && /\/webhooks\/[0-9a-f-]{36}\/test$/.test(r.url()));
    await admin.getByRole('button', { name: 'Send test event' }).click();
    const { eventId } = (await (await sent).json()) as { deliveryId: string; eventId: string };
    const answered = () => receiver.received.find((r) => r.webhookId === eventId && r.answered === 200);
    await expect.poll(() => answered() !== undefined, { timeout: 40_000 }).toBe(true);
    const arrived = answered()!;
    expect(arrived.payload?.type).toBe('webhook.test');
    expect(arrived.verifiedWith).toBe(0);
    expect(arrived.signature.split(' ')).toHaveLength(2); // both secrets sign during the overlap

    const outcome = admin.getByTestId('test-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toMatch(/The test event was (not )?delivered/);
    const words = (await outcome.textContent())!;
    if (!words.includes('The test event was delivered')) {
      // Once, on a loaded CI machine, the first attempt saw no answer within its 10 s although the receiver answers
      // at once (a stalled process); the receiver above then got the retry. The page must say so and the log must
      // show the retry delivered: what a user would see.
      console.warn(`webhooks e2e: the test event's first attempt failed (${words}); following its retry`);
      expect(words).toContain('Custos tries again later');
      await expect
        .poll(
          async () => {
            await admin.reload();
            await loaded(admin);
            return admin.getByTestId('delivery-row').first().textContent();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toMatch(/Test event.*Delivered|Delivered.*Test event/);
    } else {
      expect(words).toContain('Answered 200');
    }
    expect(errors).toEqual([]);
  });

  it("another tenant's admin gets the not-found page for this endpoint", async () => {
    const other = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await signInPage(other, server.url, 'admin@globex.test', {});
      const res = await page.goto(`${server.url}${endpointPath.replace('/t/acme/', '/t/globex/')}`);
      expect(res?.status()).toBe(404);
      await expect.poll(() => page.getByRole('heading', { name: 'Endpoint not found' }).isVisible()).toBe(true);
    } finally {
      await other.close();
    }
  });
});
