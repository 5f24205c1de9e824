import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The signature dialog by keyboard alone (issue 16): QA opens the review of a seeded inspection that awaits review,
// moves through the dialog with Tab, Shift+Tab, Enter, Space and Escape, signs with a wrong password first (exactly
// one error message, under the password field, where the focus returns), then with the right one.
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

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      text: el?.textContent?.trim() ?? '',
      inDialog: Boolean(el?.closest('[role="dialog"]')),
    };
  });

/** Press Tab until the focus is on a button whose text starts with `name` (at most `limit` presses). */
async function tabTo(page: Page, name: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await active(page);
    if (now.tag === 'button' && now.text.startsWith(name)) return;
  }
  throw new Error(`Tab never reached the ${name} button`);
}

/** Every error message shown in the dialog: field errors and alert boxes that are visible. */
const visibleErrors = (page: Page) =>
  page
    .getByRole('dialog')
    .locator('[data-slot="field-error"], [data-slot="alert"], [role="alert"]')
    .evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => (el as HTMLElement).innerText.trim()));

describe('signature dialog by keyboard', () => {
  it('QA approves an inspection with the keyboard only: a wrong password gives one message and the focus back, then the right one signs', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const qa = await signInPage(context, server.url, 'qa@acme.test', { errors });

    // The seeded in-process inspection of the batch in production awaits review; the operator performed it.
    const list = await qa.request.get(`${server.url}/api/v1/tenants/acme/batches?status=in_production`);
    const batchId = ((await list.json()) as { data: Array<{ id: string }> }).data[0].id;
    const inspections = await qa.request.get(`${server.url}/api/v1/tenants/acme/batches/${batchId}/inspections`);
    const awaiting = ((await inspections.json()) as { data: Array<{ id: string; status: string }> }).data.find(
      (i) => i.status === 'submitted',
    );
    expect(awaiting).toBeDefined();
    await qa.goto(`${server.url}/t/acme/inspections/${awaiting?.id}`);
    await qa.getByTestId('inspection-review').waitFor();

    // Tab to Approve, open with Enter; the focus is inside the dialog; Escape closes it and the focus comes back.
    await tabTo(qa, 'Approve');
    await qa.keyboard.press('Enter');
    const dialog = qa.getByRole('dialog', { name: 'Approve the inspection' });
    await dialog.waitFor();
    await expect.poll(async () => (await active(qa)).inDialog).toBe(true);
    await qa.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await active(qa)).text).toMatch(/^Approve/);

    // Space opens it again. Reason first (optional for an approval), then Tab to the password.
    await qa.keyboard.press('Space');
    await dialog.waitFor();
    await expect.poll(async () => (await active(qa)).tag).toBe('textarea');
    await qa.keyboard.type('Checked at the keyboard');
    await qa.keyboard.press('Tab');
    await expect.poll(async () => (await active(qa)).id).toBe('signature-password');
    await qa.keyboard.type('not-my-password');
    await qa.keyboard.press('Enter');

    // One message, under the password field, in plain words; no second alert, no toast; the focus is back on the field.
    await dialog.getByTestId('signature-error').waitFor();
    await expect.poll(() => visibleErrors(qa)).toHaveLength(1);
    const [message] = await visibleErrors(qa);
    expect(message).toContain('The password is not right. Nothing was signed.');
    await expect(dialog.getByLabel('Your password').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(async () => (await active(qa)).id).toBe('signature-password');
    // No toast besides (the toast list is outside the modal dialog, so it is read from the DOM, not the accessibility tree).
    const toasts = await qa.locator('ol[class*="z-[100]"] li').allInnerTexts();
    expect(toasts.filter((t) => /password|signature|signed/i.test(t))).toEqual([]);
    await qa.screenshot({ path: artifactPath('signature-keyboard-01-wrong-password.png') });

    // Shift+Tab back to the reason and forth again; the right password; Tab past Cancel to the sign button; Space signs.
    await qa.keyboard.press('Shift+Tab');
    await expect.poll(async () => (await active(qa)).tag).toBe('textarea');
    await qa.keyboard.press('Tab');
    await expect.poll(async () => (await active(qa)).id).toBe('signature-password');
    await qa.keyboard.type('custos-demo-pass');
    await qa.keyboard.press('Tab');
    await expect.poll(async () => (await active(qa)).text).toBe('Cancel');
    await qa.keyboard.press('Tab');
    await expect.poll(async () => (await active(qa)).text).toBe('Sign and approve');
    await qa.keyboard.press('Space');
    await toast(qa, 'Inspection approved and signed').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => qa.getByTestId('inspection-status').first().textContent()).toBe('Approved');
    await qa.getByTestId('inspection-review').locator('[data-meaning="approved"]').first().waitFor();
    await qa.screenshot({ path: artifactPath('signature-keyboard-02-signed.png') });

    expect(errors).toEqual([]);
    await context.close();
  });
});
