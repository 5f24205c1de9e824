import { PgBoss } from 'pg-boss';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PrivatePostgres } from '../faults/services';
import { checkPage, DESKTOP, launchBrowser, PHONE, signInPage, toast, watchErrors } from './browser';
import { startServer, type RunningServer } from './server';

// /admin/jobs in Chromium against the production build, on a PostgreSQL of its own (so a job can be made to fail
// without touching the shared database): a serial-generation job with data its runner refuses, sent with no retries,
// is run by the server's engine and fails; the platform admin sees it under "Failed jobs" with its error in words,
// retries it after a confirmation (the engine runs it again), and the retry is in the platform trail. Axe clean and
// no sideways scroll at 1440 and 390 px, with the dialog open too.
let pg: PrivatePostgres;
let server: RunningServer;
let browser: Browser;
let boss: PgBoss;

beforeAll(async () => {
  pg = await startPostgres();
  server = await startServer({ DATABASE_URL: pg.url, MIGRATE_ON_START: '1', SEED_ON_START: '1' });
  browser = await launchBrowser();
  boss = new PgBoss({ connectionString: pg.url, supervise: false, schedule: false, max: 1 });
  await boss.start();
});

afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await browser?.close();
  await server?.stop();
  await pg?.destroy();
});

async function waitForState(id: string, state: string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const [job] = await boss.findJobs('serial-generation', { id });
    if (job?.state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`job ${id} never became ${state}`);
}

describe('background jobs page', () => {
  it('shows a failed job with its error, retries it after a confirmation (audited), axe clean at 1440 and 390 px', async () => {
    // The server's engine created the queue at start; wait for it, then send a job its runner refuses.
    const until = Date.now() + 60_000;
    while (!(await boss.getQueue('serial-generation')) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    const [id] = (await boss.insert('serial-generation', [{ data: { tenantId: 'nobody', jobId: 'nothing' }, retryLimit: 0 }], {
      returnId: true,
    }))!;
    await waitForState(id, 'failed');

    const errors: string[] = [];
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await signInPage(context, server.url, 'root@custos.test');
    watchErrors(page, errors);
    await page.goto(`${server.url}/admin/jobs`);
    await page.getByRole('link', { name: 'Jobs' }).waitFor();
    expect(await page.getByRole('link', { name: 'Jobs' }).getAttribute('aria-current')).toBe('page');
    const queues = page.getByRole('list', { name: 'Queues' });
    // Each queue by its name in words, with its kind and counts.
    const serialQueue = queues.getByRole('listitem').filter({ hasText: /^Serial generationWork queue/ });
    await expect(serialQueue.count()).resolves.toBe(1);
    await expect(serialQueue.getByText('Failed').count()).resolves.toBe(1);
    await expect(
      queues
        .getByRole('listitem')
        .filter({ hasText: /^Purge expiredSchedule/ })
        .count(),
    ).resolves.toBe(1);
    const failed = page.getByRole('list', { name: 'Failed jobs' });
    await expect(failed.getByText('A serial generation job needs the tenant and the serial job it runs.').count()).resolves.toBe(1);
    await checkPage(page, '/admin/jobs', { sizes: [DESKTOP, PHONE] });

    // Retry: a confirmation first; Cancel leaves the job failed.
    await failed.getByRole('button', { name: 'Retry the failed serial generation job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this job again?' });
    await dialog.waitFor();
    await checkPage(page, 'retry dialog', { sizes: [DESKTOP, PHONE] });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await boss.findJobs('serial-generation', { id }))[0].state).toBe('failed');

    await failed.getByRole('button', { name: 'Retry the failed serial generation job' }).click();
    await dialog.getByRole('button', { name: 'Retry job' }).click();
    await toast(page, 'The serial generation job runs again').waitFor();
    // The engine ran it again: it fails the same way (its data is still wrong), and the retry is in the trail.
    await waitForState(id, 'failed');
    const [job] = await boss.findJobs('serial-generation', { id });
    expect(job.retryCount).toBeGreaterThanOrEqual(1);
    const [{ n }] = await pg.sql<{ n: number }[]>`
      select count(*)::int as n from audit_events where action = 'job.retried' and target_id = ${id} and tenant_id is null`;
    expect(n).toBe(1);
    await page.goto(`${server.url}/admin/audit`);
    await page.getByText('Background job retried').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is not there for someone who is not a platform admin', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await signInPage(context, server.url, 'admin@acme.test');
    const res = await page.goto(`${server.url}/admin/jobs`);
    expect(res?.status()).toBe(404);
    await context.close();
  });
});
