import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The batch-release journey of issue 7, in Chromium against the production build with the demo data: an
// operator plans a batch, moves it to review and records the release inspection; QA approves it with a
// signature (after a wrong password is refused) and, having reviewed it, may not release; a second QA person,
// who took no part, releases the batch with a signature; the cockpit and the batch's status follow each step.
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

const PASSWORD = 'custos-demo-pass';

const signIn = (context: BrowserContext, email: string, errors: string[]) => signInPage(context, server.url, email, { errors });

/** A GTIN-14 with its GS1 check digit. */
function gtin(data13: string): string {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(data13[12 - i]) * (i % 2 === 0 ? 3 : 1);
  return data13 + String((10 - (sum % 10)) % 10);
}

const headerStatus = (page: Page) => page.locator('[data-slot="page-header"] [data-testid="batch-status"]');

describe('batch release journey', () => {
  it('operator plans, moves and inspects a batch, QA approves, a second QA who took no part releases, with signatures', async () => {
    const errors: string[] = [];
    const batchNumber = `E2E${Date.now().toString(36).toUpperCase()}`;
    const good = gtin('0950600013435');
    const bad = good.slice(0, 13) + String((Number(good[13]) + 1) % 10);

    // ── The operator plans the batch; the GTIN check digit is checked inline by the API's schema.
    const operator = await signIn(await browser.newContext({ viewport: { width: 1440, height: 1000 } }), 'operator@acme.test', errors);
    await operator.goto(`${server.url}/t/acme/batches`);
    await operator.getByRole('table', { name: 'Batches' }).waitFor();
    await operator.getByRole('button', { name: 'New batch' }).click();
    const form = operator.getByRole('dialog', { name: 'New batch' });
    await form.getByLabel('Batch number').fill(batchNumber);
    await form.getByLabel('Site').selectOption({ label: 'ACM-BSL · Basel solid dose plant' });
    await form.getByLabel('Product').fill('Paracetamol 500 mg tablets');
    await form.getByLabel('GTIN').fill(bad);
    await form.getByLabel('Planned quantity').fill('1000');
    await form.getByLabel('Expires on').fill('2029-06-30');
    await form.getByRole('button', { name: 'Plan batch' }).click();
    await form.getByText('The GS1 check digit (the last digit) is wrong.').waitFor();
    await operator.screenshot({ path: artifactPath('batch-release-01-gtin-check.png') });
    await form.getByLabel('GTIN').fill(good);
    await form.getByRole('button', { name: 'Plan batch' }).click();
    await toast(operator, `Batch ${batchNumber} planned`).waitFor();
    await operator.waitForURL(/\/t\/acme\/batches\/[0-9a-f-]{36}/);
    const batchUrl = operator.url().split('?')[0];
    await expect(headerStatus(operator).textContent()).resolves.toBe('Planned');

    // Production, quarantine, review: each move from the lifecycle, confirmed.
    for (const [button, status] of [
      ['Start production', 'In production'],
      ['Move to quarantine', 'Quarantined'],
      ['Submit for review', 'Under review'],
    ] as const) {
      await operator.getByRole('group', { name: 'Next steps' }).getByRole('button', { name: button }).click();
      await operator.getByRole('dialog').getByRole('button', { name: button }).click();
      await toast(operator, `Batch ${batchNumber} is now ${status.toLowerCase()}`).waitFor();
      await expect.poll(() => headerStatus(operator).textContent()).toBe(status);
    }
    const cockpit = operator.getByTestId('release-cockpit');
    await cockpit.locator('[data-code="release_inspection_missing"]').waitFor();
    // The operator may not release: no release, reject or recall buttons.
    expect(await operator.getByRole('group', { name: 'Next steps' }).count()).toBe(0);
    await operator.screenshot({ path: artifactPath('batch-release-02-under-review.png'), fullPage: true });

    // A note and the certificate of analysis on the batch; a file that is not a PDF or image is refused plainly.
    await operator.getByRole('tab', { name: 'Notes' }).click();
    await operator.getByRole('textbox', { name: 'Add a note' }).fill('Line clearance done; batch record complete.');
    await operator.getByRole('button', { name: 'Add note' }).click();
    await toast(operator, 'Note added').waitFor();
    await operator.getByTestId('note').getByText('Line clearance done; batch record complete.').waitFor();
    const fileInput = operator.getByTestId('attachment-input');
    await fileInput.setInputFiles({ name: 'coa.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await operator.getByTestId('attachment').getByRole('link', { name: 'coa.pdf', exact: true }).waitFor();
    await fileInput.setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text') });
    await operator
      .getByTestId('attachment-error')
      .getByText(/not a PDF, PNG, JPEG or WebP/)
      .waitFor();
    await operator.screenshot({ path: artifactPath('batch-release-02b-notes.png'), fullPage: true });

    // ── The operator records the release inspection, with the ISO 2859-1 sample size suggested for the lot.
    await operator.goto(`${batchUrl}?tab=inspections`);
    await operator.getByRole('button', { name: 'Record inspection' }).click();
    const record = operator.getByRole('dialog', { name: 'Record inspection' });
    await expect(record.getByLabel('Lot size').inputValue()).resolves.toBe('1000');
    await record.getByTestId('sample-size-suggestion').waitFor();
    await expect.poll(() => record.getByLabel('Sample size').inputValue()).toBe('80');
    await record.getByLabel('Characteristic 1 name').fill('Assay');
    await record.getByLabel('Characteristic 1 unit').fill('%');
    await record.getByLabel('Characteristic 1 lower limit').fill('95');
    await record.getByLabel('Characteristic 1 upper limit').fill('105');
    await record.getByLabel('Characteristic 1 value').fill('99.7');
    await operator.screenshot({ path: artifactPath('batch-release-03-record-inspection.png') });
    await record.getByRole('button', { name: 'Record inspection' }).click();
    await toast(operator, 'Release inspection recorded: pass').waitFor();
    const row = operator.getByTestId('inspection-row');
    await row.first().waitFor();
    await expect(row.first().getAttribute('data-status')).resolves.toBe('submitted');
    await operator.getByTestId('release-cockpit').locator('[data-code="inspection_awaiting_review"]').waitFor();
    await row.first().getByRole('link').click();
    await operator.waitForURL(/\/t\/acme\/inspections\//);
    const inspectionUrl = operator.url();

    // ── QA approves it with a signature; a wrong password is refused first and changes nothing.
    const qa = await signIn(await browser.newContext({ viewport: { width: 1440, height: 1000 } }), 'qa@acme.test', errors);
    await qa.goto(inspectionUrl);
    await qa.getByRole('table', { name: 'Characteristics' }).waitFor();
    await expect(qa.locator('[data-testid="characteristic"]').first().getAttribute('data-conforms')).resolves.toBe('true');
    await qa.getByRole('button', { name: 'Approve' }).click();
    const approve = qa.getByRole('dialog', { name: 'Approve the inspection' });
    await expect(approve.getByTestId('signature-meaning').textContent()).resolves.toBe('Approved');
    await expect(approve.getByTestId('signature-signer').textContent()).resolves.toBe('Quinn Quality');
    await approve.getByLabel('Your password').fill('not-my-password');
    await approve.getByRole('button', { name: 'Sign and approve' }).click();
    await approve.getByTestId('signature-error').getByText('The password is not right. Nothing was signed.').waitFor();
    await qa.screenshot({ path: artifactPath('batch-release-04-wrong-password.png') });
    await approve.getByLabel('Your password').fill(PASSWORD);
    await approve.getByRole('button', { name: 'Sign and approve' }).click();
    await toast(qa, 'Inspection approved and signed').waitFor();
    await expect.poll(() => qa.getByTestId('inspection-status').first().textContent()).toBe('Approved');
    await qa.getByTestId('inspection-review').locator('[data-testid="signature-row"][data-meaning="approved"]').waitFor();

    // Segregation of duties: having reviewed one of its inspections, QA may not release or reject the batch.
    await qa.goto(batchUrl);
    await qa.getByTestId('release-cockpit').getByText('Nothing blocks release.').waitFor();
    await qa
      .getByTestId('segregation-note')
      .getByText(/you reviewed one of its inspections/)
      .waitFor();
    await expect(
      qa
        .getByRole('group', { name: 'Next steps' })
        .getByRole('button', { name: /^Release/ })
        .isDisabled(),
    ).resolves.toBe(true);

    // ── A second QA person, who took no part in the batch, releases it with a signature.
    const qa2 = await signIn(await browser.newContext({ viewport: { width: 1440, height: 1000 } }), 'qa2@acme.test', errors);
    await qa2.goto(batchUrl);
    await qa2.getByTestId('release-cockpit').getByText('Nothing blocks release.').waitFor();
    await qa2.screenshot({ path: artifactPath('batch-release-05-ready.png'), fullPage: true });
    await qa2
      .getByRole('group', { name: 'Next steps' })
      .getByRole('button', { name: /^Release/ })
      .click();
    const release = qa2.getByRole('dialog', { name: `Release batch ${batchNumber}` });
    await expect(release.getByTestId('signature-meaning').textContent()).resolves.toBe('Released');
    await expect(release.getByTestId('signature-signer').textContent()).resolves.toBe('Quentin Second');
    await release.getByRole('button', { name: 'Sign and release' }).click();
    await release.getByText('Give a reason.').waitFor();
    await release.getByLabel('Reason').fill('Batch record reviewed; meets specification');
    await release.getByLabel('Your password').fill(PASSWORD);
    await qa2.screenshot({ path: artifactPath('batch-release-06-sign-release.png') });
    await release.getByRole('button', { name: 'Sign and release' }).click();
    await toast(qa2, `Batch ${batchNumber} is now released`).waitFor();
    await release.waitFor({ state: 'hidden' });
    await expect.poll(() => headerStatus(qa2).textContent()).toBe('Released');
    await qa2.getByTestId('release-cockpit').getByText('This batch is released.').waitFor();
    await qa2.getByRole('tab', { name: /Signatures/ }).click();
    const signature = qa2.locator('[data-testid="signature-row"][data-meaning="released"]');
    await signature.waitFor();
    await expect(signature.textContent()).resolves.toContain('Quentin Second');
    await expect(signature.getAttribute('data-valid')).resolves.toBe('true');
    await qa2.screenshot({ path: artifactPath('batch-release-07-released.png'), fullPage: true });
    await qa2.getByRole('tab', { name: 'History' }).click();
    await qa2.getByTestId('history-row').first().waitFor();
    await qa2.screenshot({ path: artifactPath('batch-release-08-history.png'), fullPage: true });

    // The dashboard follows: the release is the newest signature there.
    await qa2.goto(`${server.url}/t/acme`);
    const newest = qa2.getByTestId('recent-signature').first();
    await expect.poll(() => newest.textContent()).toContain(batchNumber);
    await expect(newest.textContent()).resolves.toContain('Quentin Second');
    await qa2.getByTestId('pass-rate-chart').waitFor();
    await qa2.screenshot({ path: artifactPath('batch-release-09-dashboard.png'), fullPage: true });

    // The operator's list, searched by the server for the batch number, shows it released.
    await operator.goto(`${server.url}/t/acme/batches?status=released&q=${encodeURIComponent(batchNumber.toLowerCase())}`);
    await operator
      .getByRole('row', { name: new RegExp(batchNumber) })
      .getByTestId('batch-status')
      .getByText('Released')
      .waitFor();
    expect(await operator.getByTestId('batch-row').count()).toBe(1);

    expect(errors).toEqual([]);
  });

  it('with signatureRequiresPassword off, the dialog asks for the password only at the first signature of a session', async () => {
    const errors: string[] = [];
    const admin = await signIn(await browser.newContext(), 'admin@acme.test', errors);
    // Cookie-authenticated writes carry the app's Origin, as the browser would (the CSRF check).
    const sameOrigin = { origin: server.url };
    const setting = (value: boolean) =>
      admin.request.patch(`${server.url}/api/v1/tenants/acme`, {
        headers: sameOrigin,
        data: { settings: { signatureRequiresPassword: value } },
      });
    expect((await setting(false)).status()).toBe(200);
    try {
      // Two batches under review, planned and moved by the operator through the API (the pages are tested above).
      const operator = await signIn(await browser.newContext(), 'operator@acme.test', errors);
      const sites = await operator.request.get(`${server.url}/api/v1/tenants/acme/sites?active=true`);
      const siteId = (await sites.json()).data[0].id as string;
      const underReview = async (n: number) => {
        const batchNumber = `SIG${Date.now().toString(36).toUpperCase()}${n}`;
        const res = await operator.request.post(`${server.url}/api/v1/tenants/acme/batches`, {
          headers: sameOrigin,
          data: { batchNumber, productName: 'Ibuprofen 200 mg tablets', siteId, plannedQuantity: 500, expiresOn: '2029-06-30' },
        });
        expect(res.status(), await res.text()).toBe(201);
        const id = (await res.json()).id as string;
        for (const to of ['in_production', 'quarantined', 'under_review']) {
          const moved = await operator.request.post(`${server.url}/api/v1/tenants/acme/batches/${id}/transitions`, {
            headers: sameOrigin,
            data: { to },
          });
          expect(moved.status(), await moved.text()).toBe(200);
        }
        return { id, batchNumber };
      };
      const first = await underReview(1);
      const second = await underReview(2);

      const qa2 = await signIn(await browser.newContext({ viewport: { width: 1440, height: 1000 } }), 'qa2@acme.test', errors);
      const reject = async (batch: { id: string; batchNumber: string }) => {
        await qa2.goto(`${server.url}/t/acme/batches/${batch.id}`);
        await qa2
          .getByRole('group', { name: 'Next steps' })
          .getByRole('button', { name: /^Reject/ })
          .click();
        const dialog = qa2.getByRole('dialog', { name: `Reject batch ${batch.batchNumber}` });
        await dialog.getByLabel('Reason').fill('Assay out of specification');
        return dialog;
      };

      // The first signature of this session: the password is required, by the dialog and by the server.
      const firstDialog = await reject(first);
      await firstDialog.getByRole('button', { name: 'Sign and reject' }).click();
      await firstDialog.getByText('Re-enter your password to sign.').waitFor();
      await firstDialog.getByLabel('Your password').fill(PASSWORD);
      await firstDialog.getByRole('button', { name: 'Sign and reject' }).click();
      await toast(qa2, `Batch ${first.batchNumber} is now rejected`).waitFor();

      // The next one in the same session (a fresh page load): the password is optional, and left out.
      const secondDialog = await reject(second);
      await secondDialog.getByText('Leave it empty to sign as Quentin Second.').waitFor();
      await qa2.screenshot({ path: artifactPath('batch-release-10-session-signature.png') });
      await secondDialog.getByRole('button', { name: 'Sign and reject' }).click();
      await toast(qa2, `Batch ${second.batchNumber} is now rejected`).waitFor();
      await expect.poll(() => headerStatus(qa2).textContent()).toBe('Rejected');
      await qa2.getByRole('tab', { name: /Signatures/ }).click();
      await expect(qa2.locator('[data-testid="signature-row"][data-meaning="rejected"]').textContent()).resolves.toContain(
        'Quentin Second',
      );
    } finally {
      expect((await setting(true)).status()).toBe(200);
    }
    expect(errors).toEqual([]);
  });
});
