import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as resumeCronRoute from '@/app/api/cron/resume-serial-jobs/route';
import * as runJobsCronRoute from '@/app/api/cron/run-jobs/route';
import * as serialsExportRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/export/route';
import * as serialsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/route';
import * as serialsStatusRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/serials/status/route';
import * as jobRoute from '@/app/api/v1/tenants/[tenant]/jobs/[id]/route';
import { rowsOf } from '@/db/rows';
import { resetEnv } from '@/lib/platform/env';
import { auditEvents, batches, serialJobs, serials } from '@/db/schema';
import * as format from '@/lib/serials/format';
import { runPendingSerialJobs } from '@/lib/serials/run-pending-serial-jobs';
import { insertRandomSerials, MAX_ATTEMPTS, runSerialJob } from '@/lib/serials/run-serial-job';
import { drainSerialJobs } from '@/lib/serials/start-serial-job';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { api, batchBody, giveTestPasswords, GTIN, newSite, readyBatch, sign } from '../support/quality';

// Serial draws can be steered into a tiny pool, to make collisions (and their redraws) certain.
vi.mock('@/lib/serials/format', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/serials/format')>();
  return { ...real, drawSerials: vi.fn(real.drawSerials) };
});
const realDraw = (await vi.importActual<typeof import('@/lib/serials/format')>('@/lib/serials/format')).drawSerials;

let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
  for (const t of [acme, other]) await giveTestPasswords(t);
});

type Role = keyof TestTenant['users'];
const as = (
  t: TestTenant,
  role: Role,
  handler: Parameters<typeof call>[0],
  method: string,
  args: { params?: Record<string, string>; body?: unknown; query?: string },
) =>
  call(handler, {
    method,
    params: { tenant: t.slug, ...args.params },
    cookie: t.users[role].cookie,
    body: args.body,
    url: `http://localhost/api/test${args.query ?? ''}`,
  });
const generate = (t: TestTenant, batchId: string, body: unknown, role: Role = 'operator') =>
  as(t, role, serialsRoute.POST, 'POST', { params: { id: batchId }, body });
const list = (t: TestTenant, batchId: string, query = '', role: Role = 'viewer') =>
  as(t, role, serialsRoute.GET, 'GET', { params: { id: batchId }, query });
const job = (t: TestTenant, id: string, role: Role = 'viewer') => as(t, role, jobRoute.GET, 'GET', { params: { id } });
const changeStatus = (t: TestTenant, batchId: string, body: unknown, role: Role = 'operator') =>
  as(t, role, serialsStatusRoute.POST, 'POST', { params: { id: batchId }, body });

async function batchWith(t: TestTenant, over: Record<string, unknown> = {}): Promise<any> {
  const res = await api.createBatch(t, 'operator', batchBody(await newSite(t), over));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

/** Generate through the API and wait for the job's in-process run. */
async function generated(t: TestTenant, batchId: string, n: number): Promise<string> {
  const res = await generate(t, batchId, { count: n });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await drainSerialJobs();
  return res.json.jobId;
}

const rowsOfBatch = (t: TestTenant, batchId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(serials)
      .where(and(eq(serials.tenantId, t.id), eq(serials.batchId, batchId))),
  );
const jobRow = async (t: TestTenant, id: string) =>
  (await withTenant(t.id, (tx) => tx.select().from(serialJobs).where(eq(serialJobs.id, id))))[0];
const jobCount = async (t: TestTenant) => withTenant(t.id, async (tx) => (await tx.select({ n: count() }).from(serialJobs))[0].n);
const eventsOf = (t: TestTenant, action: string, batchId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, action), eq(auditEvents.targetId, batchId))),
  );

describe('generating serials', () => {
  it('answers 202 with a job that stores exactly `count` serials of the format, and reports progress', async () => {
    const batch = await batchWith(acme);
    const res = await generate(acme, batch.id, { count: 2500 });
    expect(res.status).toBe(202);
    expect(Object.keys(res.json)).toEqual(['jobId']);
    await drainSerialJobs();
    const status = await job(acme, res.json.jobId);
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ id: res.json.jobId, status: 'completed', progress: { done: 2500, total: 2500 } });
    expect(status.json.error).toBeUndefined();
    const rows = await rowsOfBatch(acme, batch.id);
    expect(rows).toHaveLength(2500);
    for (const r of rows) {
      expect(r.serial).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(r).toMatchObject({ gtin: GTIN, status: 'commissioned' });
    }
    expect(await eventsOf(acme, 'serials.generation_requested', batch.id)).toHaveLength(1);
    const [done] = await eventsOf(acme, 'serials.generated', batch.id);
    expect(done.after).toMatchObject({ jobId: res.json.jobId, count: 2500 });
  });

  it('answers progress polls while the job runs (also on PGlite, whose one connection the job shares)', async () => {
    const batch = await batchWith(acme);
    const res = await generate(acme, batch.id, { count: 40_000 });
    expect(res.status).toBe(202);
    const seen: number[] = [];
    for (;;) {
      const progress = (await job(acme, res.json.jobId)).json;
      seen.push(progress.progress.done);
      if (progress.status === 'completed' || progress.status === 'failed') break;
      // A client waits between polls (the console's progress bar: 700 ms). Polls called in-process back to back, with
      // nothing between them but promises, would keep the event loop from ever running the job's next step.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await drainSerialJobs();
    expect(seen.at(-1)).toBe(40_000);
    // At least one answer came while the job was part-way: the bar can move.
    expect(
      seen.some((done) => done > 0 && done < 40_000),
      `polls saw ${seen.join(', ')}`,
    ).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('stores random serials, not a sequence', async () => {
    const batch = await batchWith(acme);
    await generated(acme, batch.id, 3000);
    // In the order they were stored.
    const stored = rowsOf<{ serial: string }>(
      await withTenant(acme.id, (tx) => tx.execute(sql`select serial from serials where batch_id = ${batch.id} order by ctid`)),
    ).map((r) => r.serial);
    const value = (s: string) => [...s].reduce((n, c) => n * 32n + BigInt(format.SERIAL_ALPHABET.indexOf(c)), 0n);
    const values = [...stored].sort().map(value);
    for (let i = 1; i < values.length; i++) expect(values[i] - values[i - 1], `${i}`).not.toBe(1n);
    // Every character of the alphabet shows up at the first and the last position.
    for (const pos of [0, 11]) expect(new Set(stored.map((s) => s[pos])).size).toBe(32);
  });

  it('keeps serials unique per tenant and GTIN across two concurrent jobs, redrawing collisions', async () => {
    // A pool of 400 serials: two jobs of 40 for one GTIN collide often, and must end with 80 different serials.
    const pool = format.drawSerials(400);
    vi.mocked(format.drawSerials).mockImplementation((n: number) =>
      Array.from({ length: n }, () => pool[Math.floor(Math.random() * pool.length)]),
    );
    try {
      const [a, b] = [await batchWith(acme, { gtin: '00012345600012' }), await batchWith(acme, { gtin: '00012345600012' })];
      const [ra, rb] = await Promise.all([generate(acme, a.id, { count: 40 }), generate(acme, b.id, { count: 40 })]);
      expect([ra.status, rb.status]).toEqual([202, 202]);
      await drainSerialJobs();
      for (const r of [ra, rb])
        expect((await job(acme, r.json.jobId)).json).toMatchObject({ status: 'completed', progress: { done: 40, total: 40 } });
      const all = [...(await rowsOfBatch(acme, a.id)), ...(await rowsOfBatch(acme, b.id))].map((r) => r.serial);
      expect(all).toHaveLength(80);
      expect(new Set(all).size).toBe(80);
      // Another tenant may hold the same serial for the same GTIN: uniqueness is per tenant.
      const theirs = await batchWith(other, { gtin: '00012345600012' });
      await generated(other, theirs.id, 10);
      expect(await rowsOfBatch(other, theirs.id)).toHaveLength(10);
    } finally {
      vi.mocked(format.drawSerials).mockImplementation(realDraw);
    }
  });

  it('refuses a bad count with 400 naming `count`, and writes nothing', async () => {
    const batch = await batchWith(acme);
    const before = await jobCount(acme);
    for (const body of [{ count: 0 }, { count: 1_000_001 }, { count: 2.5 }, { count: '10' }, {}, { count: 10, extra: true }]) {
      const res = await generate(acme, batch.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(body && 'extra' in body ? 'extra' : 'count');
    }
    expect(await jobCount(acme)).toBe(before);
    expect(await rowsOfBatch(acme, batch.id)).toHaveLength(0);
  });

  it('is 409 for a batch without a GTIN and for a rejected batch', async () => {
    const noGtin = await batchWith(acme, { gtin: undefined });
    const res = await generate(acme, noGtin.id, { count: 10 });
    expect(res.status).toBe(409);
    expect(res.json.detail).toMatch(/GTIN/);

    const rejected = await readyBatch(acme);
    const r = await api.transition(acme, 'qa', rejected, { to: 'rejected', reason: 'Assay out of trend', signature: sign('rejected') });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const refused = await generate(acme, rejected, { count: 10 });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/rejected/);
  });

  it("answers 404 for another tenant's batch and job", async () => {
    const batch = await batchWith(acme);
    const jobId = await generated(acme, batch.id, 5);
    expect((await generate(other, batch.id, { count: 5 }, 'admin')).status).toBe(404);
    expect((await list(other, batch.id, '', 'admin')).status).toBe(404);
    expect((await job(other, jobId, 'admin')).status).toBe(404);
    expect(
      (
        await changeStatus(
          other,
          batch.id,
          { to: 'released', reason: 'Not ours', range: { from: '000000000000', to: 'ZZZZZZZZZZZZ' } },
          'admin',
        )
      ).status,
    ).toBe(404);
  });
});

describe('restarting jobs', () => {
  /** A job as a dead process leaves it: running, heartbeat long stale, `done` serials stored. */
  async function orphanedJob(t: TestTenant, batchId: string, requested: number, done: number): Promise<string> {
    return withTenant(t.id, async (tx) => {
      const [row] = await tx
        .insert(serialJobs)
        .values({
          tenantId: t.id,
          batchId,
          gtin: GTIN,
          requested,
          done,
          status: 'running',
          runner: 'dead-process',
          attempts: 1,
          heartbeatAt: sql`now() - interval '10 minutes'`,
          startedAt: sql`now() - interval '11 minutes'`,
        })
        .returning({ id: serialJobs.id });
      if (done > 0) await insertRandomSerials(tx, t.id, { gtin: GTIN, batchId }, done);
      return row.id;
    });
  }

  it('resumes a running job with a stale heartbeat from its count, through the cron routes (resume sweep, then the drain), to exactly `count` rows', async () => {
    const batch = await batchWith(acme);
    const jobId = await orphanedJob(acme, batch.id, 23_456, 7_000);
    // A job whose runner is alive (fresh heartbeat) is left alone.
    const alive = await withTenant(
      acme.id,
      async (tx) =>
        (
          await tx
            .insert(serialJobs)
            .values({
              tenantId: acme.id,
              batchId: batch.id,
              gtin: GTIN,
              requested: 10,
              status: 'running',
              runner: 'alive',
              heartbeatAt: sql`now()`,
            })
            .returning()
        )[0].id,
    );
    process.env.CRON_SECRET = 'cron-secret-for-serial-tests';
    resetEnv();
    try {
      expect((await call(resumeCronRoute.GET, { url: 'http://localhost/api/cron/resume-serial-jobs' })).status).toBe(401);
      expect((await call(runJobsCronRoute.GET, { url: 'http://localhost/api/cron/run-jobs' })).status).toBe(401);
      const swept = await call(resumeCronRoute.GET, {
        url: 'http://localhost/api/cron/resume-serial-jobs',
        headers: { authorization: 'Bearer cron-secret-for-serial-tests' },
      });
      expect(swept.status).toBe(200);
      // The orphaned job, not the live one.
      expect(swept.json.enqueued).toBe(1);
      // The drain Vercel Cron calls: it (or the run that follows the sweep's send in this engine-less process) runs it.
      const drained = await call(runJobsCronRoute.GET, {
        url: 'http://localhost/api/cron/run-jobs',
        headers: { authorization: 'Bearer cron-secret-for-serial-tests' },
      });
      expect(drained.status).toBe(200);
      expect(drained.json.queues['serial-generation']).toEqual({ completed: expect.any(Number), failed: 0 });
      await drainSerialJobs();
    } finally {
      delete process.env.CRON_SECRET;
      resetEnv();
    }
    expect((await job(acme, jobId)).json).toMatchObject({ status: 'completed', progress: { done: 23_456, total: 23_456 } });
    const rows = await rowsOfBatch(acme, batch.id);
    expect(rows).toHaveLength(23_456);
    expect(new Set(rows.map((r) => r.serial)).size).toBe(23_456);
    expect((await job(acme, alive)).json).toMatchObject({ status: 'running', progress: { done: 0 } });
  });

  it("audits the takeover of a dead runner's job once, with the count it continued from", async () => {
    const batch = await batchWith(acme);
    const jobId = await orphanedJob(acme, batch.id, 1_500, 500);
    await runPendingSerialJobs({ budgetMs: 30_000 });
    expect((await job(acme, jobId)).json).toMatchObject({ status: 'completed', progress: { done: 1_500, total: 1_500 } });
    const resumed = await eventsOf(acme, 'serials.generation_resumed', batch.id);
    expect(resumed).toHaveLength(1);
    expect(resumed[0].after).toMatchObject({ jobId, done: 500, requested: 1_500, reason: expect.stringMatching(/stopped responding/) });
    expect(await eventsOf(acme, 'serials.generated', batch.id)).toHaveLength(1);
  });

  it('continues a job paused at a deadline without counting the pause as an attempt', async () => {
    const batch = await batchWith(acme);
    const jobId = await withTenant(
      acme.id,
      async (tx) =>
        (await tx.insert(serialJobs).values({ tenantId: acme.id, batchId: batch.id, gtin: GTIN, requested: 3_000 }).returning())[0].id,
    );
    const stored = () => jobRow(acme, jobId);
    // A run whose deadline has passed claims the job and gives it back at once: more pauses than MAX_ATTEMPTS.
    for (let run = 0; run < MAX_ATTEMPTS + 3; run++) expect(await runSerialJob(acme.id, jobId, { deadline: 0 })).toBe('paused');
    expect(await stored()).toMatchObject({ status: 'running', runner: null, attempts: 0, done: 0 });
    expect(await runSerialJob(acme.id, jobId, { chunkSize: 1_000 })).toBe('completed');
    expect(await stored()).toMatchObject({ status: 'completed', done: 3_000, attempts: 1 });
    expect(await eventsOf(acme, 'serials.generation_interrupted', batch.id)).toHaveLength(0);
    expect(await eventsOf(acme, 'serials.generation_resumed', batch.id)).toHaveLength(0);
  });

  it('releases a job hit by an unexpected error, audits the interruption, and the next runner completes it', async () => {
    const batch = await batchWith(acme);
    const jobId = await withTenant(
      acme.id,
      async (tx) =>
        (await tx.insert(serialJobs).values({ tenantId: acme.id, batchId: batch.id, gtin: GTIN, requested: 2_000 }).returning())[0].id,
    );
    vi.mocked(format.drawSerials).mockImplementationOnce(() => {
      throw new Error('entropy source unavailable');
    });
    expect((await runPendingSerialJobs({ budgetMs: 30_000 })).interrupted).toBe(1);
    expect(await jobRow(acme, jobId)).toMatchObject({ status: 'running', runner: null, done: 0, error: 'entropy source unavailable' });
    const interrupted = await eventsOf(acme, 'serials.generation_interrupted', batch.id);
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0].after).toMatchObject({ jobId, done: 0, error: 'entropy source unavailable' });
    await runPendingSerialJobs({ budgetMs: 30_000 });
    expect(await jobRow(acme, jobId)).toMatchObject({ status: 'completed', done: 2_000, error: null });
    expect(await rowsOfBatch(acme, batch.id)).toHaveLength(2_000);
  });

  it('is resumed by the resume-serial-jobs schedule, which sends it to the job engine', async () => {
    const batch = await batchWith(acme);
    const jobId = await orphanedJob(acme, batch.id, 4_000, 1_000);
    const { runSchedule } = await import('@/lib/jobs/run-schedule');
    expect(await runSchedule('resume-serial-jobs', { trigger: 'cli' })).toMatchObject({ enqueued: expect.any(Number) });
    await drainSerialJobs();
    expect(await jobRow(acme, jobId)).toMatchObject({ status: 'completed', done: 4_000 });
    expect(await rowsOfBatch(acme, batch.id)).toHaveLength(4_000);
  });

  it('fails a job whose batch lost its GTIN, with the error, keeping its count', async () => {
    const batch = await batchWith(acme);
    const jobId = await orphanedJob(acme, batch.id, 5000, 1200);
    // A correction through the API is refused once serials exist (below); the GTIN is taken away behind its back.
    await withTenant(acme.id, (tx) => tx.update(batches).set({ gtin: null }).where(eq(batches.id, batch.id)));
    await runPendingSerialJobs({ budgetMs: 30_000 });
    const res = await job(acme, jobId);
    expect(res.json).toMatchObject({ status: 'failed', progress: { done: 1200, total: 5000 } });
    expect(res.json.error).toMatch(/no longer has a GTIN/);
    expect(await rowsOfBatch(acme, batch.id)).toHaveLength(1200);
    expect(await eventsOf(acme, 'serials.generation_failed', batch.id)).toHaveLength(1);
  });

  it("refuses to correct a batch's GTIN or expiry once it has serials (409 naming the field); other corrections go through", async () => {
    const batch = await batchWith(acme);
    await orphanedJob(acme, batch.id, 10, 10);
    await runPendingSerialJobs({ budgetMs: 30_000 });
    const gtin = await api.updateBatch(acme, 'operator', batch.id, { gtin: null, reason: 'GTIN was assigned in error' });
    expect(gtin.status).toBe(409);
    expect(gtin.json.errors.map((e: { path: string }) => e.path)).toEqual(['gtin']);
    const expiry = await api.updateBatch(acme, 'operator', batch.id, { expiresOn: '2031-01-31', reason: 'Stability data' });
    expect(expiry.status).toBe(409);
    expect(expiry.json.errors.map((e: { path: string }) => e.path)).toEqual(['expiresOn']);
    const name = await api.updateBatch(acme, 'operator', batch.id, { productName: 'Renamed product', reason: 'Typo' });
    expect(name.status, JSON.stringify(name.json)).toBe(200);
    expect((await api.getBatch(acme, 'operator', batch.id)).json.gtin).toBe(GTIN);
  });

  it('fails a job whose batch was rejected meanwhile', async () => {
    const batchId = await readyBatch(acme);
    const jobId = await orphanedJob(acme, batchId, 100, 40);
    const r = await api.transition(acme, 'qa', batchId, { to: 'rejected', reason: 'Assay out of trend', signature: sign('rejected') });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    await runPendingSerialJobs({ budgetMs: 30_000 });
    const res = await job(acme, jobId);
    expect(res.json).toMatchObject({ status: 'failed', progress: { done: 40, total: 100 } });
    expect(res.json.error).toMatch(/became rejected/);
  });
});

describe('listing and exporting', () => {
  it('lists in serial order with a cursor and a status filter, each with its element string', async () => {
    const batch = await batchWith(acme, { expiresOn: '2029-02-28' });
    await generated(acme, batch.id, 250);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(acme, batch.id, `?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      for (const item of res.json.data) {
        expect(item.elementString).toBe(`(01)${GTIN}(17)290228(10)${batch.batchNumber}(21)${item.serial}`);
        expect(item.status).toBe('commissioned');
        seen.push(item.serial);
      }
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(250);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(250);

    const moved = await changeStatus(acme, batch.id, { to: 'released', reason: 'Released for sale', serials: seen.slice(0, 7) });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    const released = await list(acme, batch.id, '?status=released');
    expect(released.json.data.map((i: { serial: string }) => i.serial)).toEqual(seen.slice(0, 7));
    expect((await list(acme, batch.id, '?status=bogus')).status).toBe(400);
    expect((await list(acme, batch.id, '?cursor=not-a-serial')).status).toBe(400);
  });

  it('exports CSV, streamed, with a header and one row per serial', async () => {
    const batch = await batchWith(acme);
    await generated(acme, batch.id, 120);
    const res = await call(serialsExportRoute.GET, { params: { tenant: acme.slug, id: batch.id }, cookie: acme.users.viewer.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = String(res.json).trim().split('\r\n');
    expect(lines[0]).toBe('serial,status,gtin,expiresOn,batchNumber,elementString');
    expect(lines).toHaveLength(121);
    const [serial, status, gtin, expiresOn, batchNumber, element] = lines[1].split(',');
    expect({ status, gtin, expiresOn, batchNumber }).toEqual({
      status: 'commissioned',
      gtin: GTIN,
      expiresOn: '2028-06-30',
      batchNumber: batch.batchNumber,
    });
    expect(element).toBe(`(01)${GTIN}(17)280630(10)${batch.batchNumber}(21)${serial}`);
  });
});

describe('status changes', () => {
  it('moves by list and range along the lifecycle, refuses other moves with 409, and audits once per operation', async () => {
    const batch = await batchWith(acme);
    await generated(acme, batch.id, 60);
    const all = (await list(acme, batch.id, '?limit=100')).json.data.map((i: { serial: string }) => i.serial) as string[];

    // commissioned → shipped skips released: refused, nothing changed.
    const skip = await changeStatus(acme, batch.id, { to: 'shipped', reason: 'Ship them', serials: all.slice(0, 3) });
    expect(skip.status).toBe(409);
    expect(skip.json.code).toBe('invalid_transition');
    expect((await list(acme, batch.id, '?status=commissioned&limit=100')).json.data).toHaveLength(60);

    const byRange = await changeStatus(acme, batch.id, {
      to: 'released',
      reason: 'QA release of the lot',
      range: { from: all[0], to: all[39] },
    });
    expect(byRange.json).toEqual({ to: 'released', count: 40 });
    const shipped = await changeStatus(acme, batch.id, { to: 'shipped', reason: 'To the wholesaler', serials: all.slice(0, 10) });
    expect(shipped.json).toEqual({ to: 'shipped', count: 10 });
    const dispensed = await changeStatus(acme, batch.id, { to: 'dispensed', reason: 'Verified at the pharmacy', serials: all.slice(0, 2) });
    expect(dispensed.json.count).toBe(2);
    const sampled = await changeStatus(acme, batch.id, { to: 'sampled', reason: 'Retained sample', serials: [all[50]] });
    expect(sampled.json.count).toBe(1);

    // A range that mixes states some of which may not move: all or nothing.
    const mixed = await changeStatus(acme, batch.id, { to: 'dispensed', reason: 'Dispense', range: { from: all[0], to: all[20] } });
    expect(mixed.status).toBe(409);
    expect(mixed.json.detail).toMatch(/Nothing was changed/);
    expect((await list(acme, batch.id, '?status=dispensed')).json.data).toHaveLength(2);
    // Final states go nowhere.
    expect((await changeStatus(acme, batch.id, { to: 'recalled', reason: 'Recall', serials: [all[0]] })).status).toBe(409);
    // Not the batch's serials, no reason, neither list nor range: 400 naming the field.
    const unknown = await changeStatus(acme, batch.id, { to: 'released', reason: 'Release', serials: ['000000000000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe('serials');
    expect((await changeStatus(acme, batch.id, { to: 'released', serials: [all[55]] })).json.errors[0].path).toBe('reason');
    expect((await changeStatus(acme, batch.id, { to: 'released', reason: 'Release' })).json.errors[0].path).toBe('serials');
    // The viewer may not.
    expect((await changeStatus(acme, batch.id, { to: 'released', reason: 'Release', serials: [all[55]] }, 'viewer')).status).toBe(403);

    const events = await eventsOf(acme, 'serials.status_changed', batch.id);
    expect(events).toHaveLength(4);
    const rangeEvent = events.find((e) => (e.after as { status: string }).status === 'released')!;
    expect(rangeEvent.after).toMatchObject({ status: 'released', count: 40, range: { from: all[0], to: all[39] } });
    expect(rangeEvent.before).toMatchObject({ status: { commissioned: 40 } });
    expect(rangeEvent.reason).toBe('QA release of the lot');
  });

  it('recalls the serials in circulation when the batch is recalled, in one audited event', async () => {
    const batchId = await readyBatch(acme);
    await generated(acme, batchId, 30);
    const all = (await list(acme, batchId, '?limit=100')).json.data.map((i: { serial: string }) => i.serial) as string[];
    const released = await api.transition(acme, 'qa', batchId, {
      to: 'released',
      reason: 'Meets specification',
      signature: sign('released'),
    });
    expect(released.status, JSON.stringify(released.json)).toBe(200);
    await changeStatus(acme, batchId, { to: 'released', reason: 'Released', serials: all.slice(0, 10) });
    await changeStatus(acme, batchId, { to: 'shipped', reason: 'Shipped', serials: all.slice(0, 5) });
    await changeStatus(acme, batchId, { to: 'dispensed', reason: 'Dispensed', serials: all.slice(0, 2) });
    await changeStatus(acme, batchId, { to: 'destroyed', reason: 'Damaged on the line', serials: [all[29]] });

    const recall = await api.transition(acme, 'qa', batchId, {
      to: 'recalled',
      reason: 'Contamination found',
      signature: sign('recalled'),
    });
    expect(recall.status, JSON.stringify(recall.json)).toBe(200);
    const byStatus = Object.fromEntries(['recalled', 'dispensed', 'destroyed'].map((s) => [s, 0])) as Record<string, number>;
    for (const r of await rowsOfBatch(acme, batchId)) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    expect(byStatus).toEqual({ recalled: 27, dispensed: 2, destroyed: 1 });
    const [event, ...more] = await eventsOf(acme, 'serials.recalled', batchId);
    expect(more).toHaveLength(0);
    expect(event.after).toMatchObject({ status: 'recalled', count: 27 });
    expect(event.reason).toBe('Contamination found');
    // A recalled batch takes no new serials.
    expect((await generate(acme, batchId, { count: 5 })).status).toBe(409);
  });
});
