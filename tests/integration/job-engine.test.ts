import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as serialsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox, serialJobs, serials } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { kickDelivery } from '@/lib/email/kick-delivery';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { drainWorkQueues } from '@/lib/jobs/drain';
import { getJobEngine, startJobEngine, stopJobEngine } from '@/lib/jobs/engine';
import { drainEnqueuedJobs, enqueueJobs, jobSender, runsJobsInline } from '@/lib/jobs/enqueue';
import { jobsOverview, retryFailedJob } from '@/lib/jobs/job-admin';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { insertRandomSerials } from '@/lib/serials/run-serial-job';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { recordWebhookEvent } from '@/lib/webhooks/record-event';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, type TestUser, unique } from '../support/fixtures';
import { api, batchBody, giveTestPasswords, GTIN, newSite } from '../support/quality';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { insertEndpoint } from '../support/webhook-endpoints';

// Every background job on the job engine (pg-boss), on this run's database (PGlite, or PostgreSQL with DATABASE_URL):
// a serial job requested through the API runs to completion on the engine's worker; a job whose runner died is sent
// again by the resume-serial-jobs schedule and continued from its count; mail goes through a Resend stand-in with the
// outbox's backoff; with no engine, a job is sent through the send-only pg-boss and run by this process or by the
// drain (Vercel's cron route); platform admins list jobs and retry a failed one (audited). The engine keeps its
// tables in a schema of its own (a shared PostgreSQL database serves other files); the sender uses `pgboss`.
const schema = `pgboss_e_${unique()}`;
let acme: TestTenant;
let root: Actor;
let plainUser: Actor;
let resend: Server;
let resendUrl = '';
const received: string[] = [];
/** Idempotency keys whose first attempt Resend answers with a 500. */
const failOnce = new Set<string>();

const actorOf = (user: TestUser, isPlatformAdmin: boolean): Actor => ({
  type: 'user',
  id: user.id,
  name: user.name,
  email: user.email,
  isPlatformAdmin,
});

beforeAll(async () => {
  acme = await createTenantWithMembers('enterprise');
  await giveTestPasswords(acme);
  root = actorOf(await createUserWithSession('jobs-root', { platformAdmin: true }), true);
  plainUser = actorOf(await createUserWithSession('jobs-plain'), false);
  resend = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      received.push(key);
      if (failOnce.delete(key)) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ statusCode: 500, name: 'internal_server_error', message: 'Down' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `re-${unique()}` }));
    });
  });
  await new Promise<void>((resolve) => resend.listen(0, '127.0.0.1', resolve));
  resendUrl = `http://127.0.0.1:${(resend.address() as AddressInfo).port}`;
  await startJobEngine({ schema, jobs: [], pollingIntervalSeconds: 1 });
});

afterAll(async () => {
  await stopJobEngine();
  await drainEnqueuedJobs();
  setClock();
  for (const key of ['RESEND_API_KEY', 'EMAIL_FROM', 'RESEND_BASE_URL', 'JOBS_ENABLED']) delete process.env[key];
  resetEnv();
  await new Promise((resolve) => resend.close(resolve));
  const db = await getDb();
  await db.execute(sql.raw(`drop schema if exists ${schema} cascade`));
});

async function batch(): Promise<{ id: string }> {
  const res = await api.createBatch(acme, 'operator', batchBody(await newSite(acme), {}));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}
const jobRow = async (id: string) => (await withTenant(acme.id, (tx) => tx.select().from(serialJobs).where(eq(serialJobs.id, id))))[0];
const serialCount = async (batchId: string) =>
  (
    await withTenant(acme.id, (tx) =>
      tx
        .select({ serial: serials.serial })
        .from(serials)
        .where(and(eq(serials.tenantId, acme.id), eq(serials.batchId, batchId))),
    )
  ).length;
const queuedJob = (batchId: string, requested: number) =>
  withTenant(
    acme.id,
    async (tx) => (await tx.insert(serialJobs).values({ tenantId: acme.id, batchId, gtin: GTIN, requested }).returning())[0].id,
  );

describe('serial generation on the engine', () => {
  it('runs a job requested through the API to completion on the engine, `done` equal to the stored rows', async () => {
    expect(runsJobsInline()).toBe(false);
    const { id: batchId } = await batch();
    const res = await call(serialsRoute.POST, {
      method: 'POST',
      params: { tenant: acme.slug, id: batchId },
      cookie: acme.users.operator.cookie,
      body: { count: 12_345 },
      url: 'http://localhost/api/test',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const jobId = res.json.jobId as string;
    await vi.waitFor(async () => expect((await jobRow(jobId)).status).toBe('completed'), { timeout: 60_000, interval: 200 });
    expect(await jobRow(jobId)).toMatchObject({ done: 12_345, requested: 12_345, attempts: 1 });
    expect(await serialCount(batchId)).toBe(12_345);
    // The engine's job, named by the serial job, completed with the runner's outcome.
    const [job] = await getJobEngine()!.findJobs('serial-generation', { key: jobId });
    expect(job).toMatchObject({ state: 'completed', data: { tenantId: acme.id, jobId }, output: { outcome: 'completed' } });
  });

  it('continues a job whose runner died from its count: the resume-serial-jobs schedule sends it to the engine', async () => {
    const { id: batchId } = await batch();
    const jobId = await withTenant(acme.id, async (tx) => {
      const [row] = await tx
        .insert(serialJobs)
        .values({
          tenantId: acme.id,
          batchId,
          gtin: GTIN,
          requested: 6_000,
          done: 2_500,
          status: 'running',
          runner: 'dead-process',
          attempts: 1,
          heartbeatAt: sql`now() - interval '10 minutes'`,
          startedAt: sql`now() - interval '11 minutes'`,
        })
        .returning({ id: serialJobs.id });
      await insertRandomSerials(tx, acme.id, { gtin: GTIN, batchId }, 2_500);
      return row.id;
    });
    const summary = await runSchedule('resume-serial-jobs', { trigger: 'engine' });
    expect(summary.enqueued).toBeGreaterThanOrEqual(1);
    await vi.waitFor(async () => expect((await jobRow(jobId)).status).toBe('completed'), { timeout: 60_000, interval: 200 });
    expect(await jobRow(jobId)).toMatchObject({ done: 6_000, attempts: 2 });
    expect(await serialCount(batchId)).toBe(6_000);
    const resumed = await withTenant(acme.id, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.tenantId, acme.id), eq(auditEvents.action, 'serials.generation_resumed'), eq(auditEvents.targetId, batchId)),
        ),
    );
    expect(resumed).toHaveLength(1);
    expect(resumed[0].after).toMatchObject({ jobId, done: 2_500 });
    // A second sweep finds nothing left to send for it.
    const [again] = await getJobEngine()!.findJobs('serial-generation', { key: jobId });
    expect(again.state).toBe('completed');
  });
});

describe('mail on the engine', () => {
  it('sends through Resend with the outbox backoff: a failed first try is retried by the deliver-email sweep, sent once', async () => {
    process.env.RESEND_API_KEY = 're_test_key';
    process.env.EMAIL_FROM = 'Custos <mail@test.custos>';
    process.env.RESEND_BASE_URL = resendUrl;
    resetEnv();
    const db = await getDb();
    const { id } = await enqueueEmail(db, {
      to: `engine-${unique()}@test.custos`,
      template: 'verifyEmail',
      data: { name: 'Mail Test', url: appUrl(`/verify-email/${unique()}`) },
    });
    failOnce.add(id);
    const row = async () => (await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0];
    kickDelivery();
    // The engine's mail-delivery job tried it: Resend answered 500, the row waits for its backoff with the error.
    await vi.waitFor(async () => expect((await row()).attempts).toBe(1), { timeout: 30_000, interval: 100 });
    await vi.waitFor(async () => expect((await row()).lastError).toMatch(/500/), { timeout: 10_000, interval: 100 });
    expect((await row()).status).toBe('pending');
    // Not due yet: the sweep sends nothing for it.
    await runSchedule('deliver-email', { trigger: 'engine' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(received.filter((k) => k === id)).toHaveLength(1);
    // Past its backoff (30 s), the minute's sweep sends a job and the engine delivers it.
    setClock({ at: new Date(Date.now() + 31_000) });
    try {
      expect(await runSchedule('deliver-email', { trigger: 'engine' })).toEqual({ due: true });
      await vi.waitFor(async () => expect((await row()).status).toBe('sent'), { timeout: 30_000, interval: 100 });
    } finally {
      setClock();
    }
    expect(await row()).toMatchObject({ attempts: 2, lastError: null });
    expect(received.filter((k) => k === id)).toHaveLength(2);
    for (const key of ['RESEND_API_KEY', 'EMAIL_FROM', 'RESEND_BASE_URL']) delete process.env[key];
    resetEnv();
  });
});

describe('without an engine in the process', () => {
  it('sends through the send-only pg-boss; with JOBS_ENABLED=0 the job waits for a worker or the drain, else this process runs it', async () => {
    await stopJobEngine();
    expect(getJobEngine()).toBeNull();
    process.env.JOBS_ENABLED = '0';
    resetEnv();
    try {
      expect(runsJobsInline()).toBe(false);
      const { id: batchId } = await batch();
      const jobId = await queuedJob(batchId, 700);
      await enqueueJobs('serial-generation', [{ data: { tenantId: acme.id, jobId }, singletonKey: jobId }]);
      await drainEnqueuedJobs();
      expect(await jobRow(jobId)).toMatchObject({ status: 'queued', done: 0 });
      const sender = await jobSender();
      expect((await sender.findJobs('serial-generation', { key: jobId })).map((j) => j.state)).toEqual(['created']);
      // What Vercel's /api/cron/run-jobs does: fetch the due jobs through pg-boss and run them within the budget.
      const report = await drainWorkQueues({ queues: ['serial-generation'], deadline: Date.now() + 60_000 });
      expect(report.queues['serial-generation'].completed).toBeGreaterThanOrEqual(1);
      expect(report.outOfTime).toBe(false);
      expect(await jobRow(jobId)).toMatchObject({ status: 'completed', done: 700 });
      expect((await sender.findJobs('serial-generation', { key: jobId })).map((j) => j.state)).toEqual(['completed']);
    } finally {
      delete process.env.JOBS_ENABLED;
      resetEnv();
    }
    expect(runsJobsInline()).toBe(true);
    const { id: batchId } = await batch();
    const jobId = await queuedJob(batchId, 900);
    await enqueueJobs('serial-generation', [{ data: { tenantId: acme.id, jobId }, singletonKey: jobId }]);
    await drainEnqueuedJobs();
    expect(await jobRow(jobId)).toMatchObject({ status: 'completed', done: 900 });
  });

  it('stops a long job at the drain deadline and sends it again to continue from its count', async () => {
    process.env.JOBS_ENABLED = '0';
    resetEnv();
    try {
      const { id: batchId } = await batch();
      const jobId = await queuedJob(batchId, 500);
      await enqueueJobs('serial-generation', [{ data: { tenantId: acme.id, jobId }, singletonKey: jobId }]);
      // A deadline already passed: the run claims the job and gives it back at once, and sends a job to continue.
      const sender = await jobSender();
      const [job] = await sender.fetch<Record<string, unknown>>('serial-generation', { batchSize: 1 });
      expect(job.data).toEqual({ tenantId: acme.id, jobId });
      const { runWorkJob } = await import('@/lib/jobs/run-work-job');
      expect(await runWorkJob('serial-generation', job, { deadline: 0 })).toEqual({ outcome: 'paused' });
      await sender.complete('serial-generation', job);
      expect(await jobRow(jobId)).toMatchObject({ status: 'running', runner: null, done: 0 });
      expect((await sender.findJobs('serial-generation', { key: jobId, queued: true })).length).toBe(1);
      await drainWorkQueues({ queues: ['serial-generation'], deadline: Date.now() + 60_000 });
      expect(await jobRow(jobId)).toMatchObject({ status: 'completed', done: 500 });
    } finally {
      delete process.env.JOBS_ENABLED;
      resetEnv();
    }
  });
});

describe('listing and retrying jobs', () => {
  it('shows a failed job with its error to platform admins, who retry it (audited); others are refused; bad input names the field', async () => {
    process.env.JOBS_ENABLED = '0';
    resetEnv();
    try {
      const sender = await jobSender();
      const bogus = unique();
      const [failedId] = (await sender.insert('serial-generation', [{ data: { tenantId: bogus, jobId: bogus }, retryLimit: 0 }], {
        returnId: true,
      }))!;
      // Drain until this job ran (other files' jobs may share the queue on PostgreSQL).
      await vi.waitFor(
        async () => {
          await drainWorkQueues({ queues: ['serial-generation'], deadline: Date.now() + 10_000 });
          expect((await sender.findJobs('serial-generation', { id: failedId }))[0].state).toBe('failed');
        },
        { timeout: 30_000, interval: 200 },
      );

      const overview = await jobsOverview(root);
      const counts = overview.queues.find((q) => q.name === 'serial-generation')!;
      expect(counts).toMatchObject({ kind: 'work', failed: expect.any(Number) });
      expect(counts.failed).toBeGreaterThanOrEqual(1);
      expect(overview.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['mail-delivery', 'webhook-delivery', 'purge-expired']));
      const shown = overview.failed.find((j) => j.id === failedId)!;
      expect(shown).toMatchObject({ queue: 'serial-generation', state: 'failed', attempts: 1, maxAttempts: 1 });
      expect(shown.error).toMatch(/needs the tenant and the serial job/);
      expect(shown.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

      await expect(jobsOverview(plainUser)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(retryFailedJob(plainUser, null, { queue: 'serial-generation', id: failedId })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(retryFailedJob(null, null, { queue: 'serial-generation', id: failedId })).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      const bad = await retryFailedJob(root, null, { queue: 'no-such-queue', id: 'not-an-id' }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'validation_failed' });
      expect((bad as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['id', 'queue']);
      await expect(
        retryFailedJob(root, null, { queue: 'serial-generation', id: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
      expect((await sender.findJobs('serial-generation', { id: failedId }))[0].state).toBe('failed');

      expect(
        await retryFailedJob(root, { requestId: 'req-retry', ip: null, userAgent: null }, { queue: 'serial-generation', id: failedId }),
      ).toEqual({
        id: failedId,
        queue: 'serial-generation',
      });
      expect((await sender.findJobs('serial-generation', { id: failedId }))[0].state).toBe('retry');
      // (The overview lists only the 50 oldest waiting jobs: on a shared test database other files' jobs may fill it.)
      // A job that is no longer failed cannot be retried again.
      await expect(retryFailedJob(root, null, { queue: 'serial-generation', id: failedId })).rejects.toMatchObject({ code: 'not_found' });
      const db = await getDb();
      const trail = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'job.retried'), eq(auditEvents.targetId, failedId)));
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ tenantId: null, actorId: root.id, targetType: 'job' });
      expect(trail[0].after).toMatchObject({ queue: 'serial-generation', error: expect.stringMatching(/needs the tenant/) });
      // Leave nothing failing behind for other files: the retried job is cancelled.
      await sender.cancel('serial-generation', failedId);
    } finally {
      delete process.env.JOBS_ENABLED;
      resetEnv();
    }
  });
});

describe('when the engine starts', () => {
  it('runs the sweeps at once: a webhook delivery whose job was lost (committed, never sent) goes out without waiting for the schedule', async () => {
    await stopJobEngine();
    const receiver = await startWebhookReceiver();
    try {
      const endpoint = await insertEndpoint(acme.id, receiver.url, ['team.created']);
      receiver.secrets = [endpoint.secret];
      // Written outside withTenant, so nothing sends a job after the commit: as if the process died right after it.
      const db = await getDb();
      const { eventId } = await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${acme.id}, true)`);
        return recordWebhookEvent(tx, acme.id, 'team.created', { object: { type: 'team', id: 'lost-at-commit' } });
      });
      await drainEnqueuedJobs();
      expect(receiver.received).toEqual([]);

      // No schedules registered here: only the start's sweep can find it.
      await startJobEngine({ schema, jobs: [], pollingIntervalSeconds: 1, startupSweeps: true });
      await vi.waitFor(() => expect(receiver.received.map((r) => r.webhookId)).toEqual([eventId]), { timeout: 20_000, interval: 200 });
      expect(receiver.received[0].verifiedWith).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
