import { eq, sql } from 'drizzle-orm';
import { TestClock, type PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as ready } from '@/app/api/ready/route';
import { GET as dormantCron, POST as dormantCronPost, PUT as dormantCronPut } from '@/app/api/cron/suspend-dormant-members/route';
import { getDb, getDbHandle } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, emailTokens, invitations } from '@/db/schema';
import { hashToken } from '@/lib/auth/one-time-token';
import { DomainError } from '@/lib/errors';
import {
  createJobEngine,
  getJobEngine,
  jobEngineStatus,
  jobsEnabled,
  startJobEngine,
  startJobEngineInBackground,
  stopJobEngine,
} from '@/lib/jobs/engine';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { SCHEDULES } from '@/lib/jobs/schedules';
import { resetEnv } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique } from '../support/fixtures';

// The job engine (pg-boss) on this run's database — PGlite by default, PostgreSQL with DATABASE_URL: it starts on
// the process's own database, registers every schedule, runs a due schedule's real job end to end, sends each
// occurrence once however many servers run it, retries and records a failing job, and stops cleanly.
// pg-boss's TestClock makes a cron occurrence due without waiting; the app's own data and clock stay real.
// Each run keeps pg-boss in schemas of its own (a shared PostgreSQL database serves other test files too).
const DAY = 24 * 60 * 60 * 1000;
const schema = `pgboss_t_${unique()}`;
const flakySchema = `${schema}_flaky`;
const catchUpSchema = `${schema}_catchup`;
const clock = new TestClock('2030-01-07T00:16:30Z');
let boss: PgBoss;

/** Fire pg-boss's timers a second at a time (cron pass, forwarding, worker polls) until `check` holds. */
async function tickUntil(testClock: TestClock, check: () => Promise<boolean>, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    if (await check()) return;
    await testClock.tick(1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (!(await check())) throw new Error(`not done after ${seconds} ticks`);
}

async function jobsOf(engine: PgBoss, name: string) {
  return engine.findJobs<unknown>(name);
}

beforeAll(async () => {
  boss = await startJobEngine({ schema, clock, pollingIntervalSeconds: 1 });
});

afterAll(async () => {
  await stopJobEngine();
  const db = await getDb();
  await db.execute(sql.raw(`drop schema if exists ${schema} cascade`));
  await db.execute(sql.raw(`drop schema if exists ${flakySchema} cascade`));
  await db.execute(sql.raw(`drop schema if exists ${catchUpSchema} cascade`));
});

describe('job engine', () => {
  it('starts on the process database and registers every schedule in UTC', async () => {
    const handle = await getDbHandle();
    expect(getJobEngine()).toBe(boss);
    expect(jobEngineStatus()).toEqual({ state: 'running', database: handle.kind });
    // A second start answers the same engine.
    expect(await startJobEngine()).toBe(boss);
    const probe = await call(ready, { url: 'http://localhost/api/ready' });
    expect(probe.status).toBe(200);
    expect(probe.json.jobs).toMatchObject({ state: 'running', database: handle.kind });
    // Per queue, work queues and schedules alike: how many jobs wait, run and failed.
    expect(probe.json.jobs.queues).toEqual(
      expect.arrayContaining([
        { name: 'serial-generation', kind: 'work', queued: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) },
        { name: 'purge-expired', kind: 'schedule', queued: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) },
      ]),
    );

    const registered = await boss.getSchedules();
    expect(
      registered.map((s) => ({ name: s.name, cron: s.cron, timezone: s.timezone })).sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(SCHEDULES.map((s) => ({ name: s.name, cron: s.cron, timezone: 'UTC' })).sort((a, b) => a.name.localeCompare(b.name)));
    for (const s of SCHEDULES) expect((await boss.getQueue(s.name))?.policy).toBe('stately');

    // The tables are in the app's own database (on PGlite: the same instance, read through the app's connection).
    const db = await getDb();
    const rows = rowsOf<{ name: string }>(await db.execute(sql.raw(`select name from ${schema}.schedule order by name`)));
    expect(rows.map((r) => r.name)).toEqual(SCHEDULES.map((s) => s.name).sort());
  });

  it('runs a due schedule end to end: purge-expired at :17 deletes a long-expired link and stores its summary', async () => {
    const db = await getDb();
    const user = await createUserWithSession('sched-purge');
    const [expired] = await db
      .insert(emailTokens)
      .values({
        userId: user.id,
        purpose: 'reset_password',
        tokenHash: hashToken(`sched-${unique()}-${unique()}`),
        expiresAt: new Date(Date.now() - 2 * DAY),
      })
      .returning({ id: emailTokens.id });
    const [live] = await db
      .insert(emailTokens)
      .values({
        userId: user.id,
        purpose: 'reset_password',
        tokenHash: hashToken(`sched-${unique()}-${unique()}`),
        expiresAt: new Date(Date.now() + DAY),
      })
      .returning({ id: emailTokens.id });
    expect(await jobsOf(boss, 'purge-expired')).toEqual([]);

    // 00:16:30 → the 00:17 occurrence comes due; nothing else is due before 00:41.
    await tickUntil(clock, async () => (await jobsOf(boss, 'purge-expired')).some((j) => j.state === 'completed'));
    const [job] = await jobsOf(boss, 'purge-expired');
    expect(job.state).toBe('completed');
    expect(job.output).toMatchObject({ emailTokens: expect.any(Number), sessions: expect.any(Number), refreshTokens: expect.any(Number) });
    expect((job.output as { emailTokens: number }).emailTokens).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(emailTokens).where(eq(emailTokens.id, expired.id))).toHaveLength(0);
    expect(await db.select().from(emailTokens).where(eq(emailTokens.id, live.id))).toHaveLength(1);
    expect(await jobsOf(boss, 'expire-invitations')).toEqual([]);
    expect((await boss.getSchedule('purge-expired'))?.lastJobId).toBe(job.id);
  });

  it('runs expire-invitations at :41: a pending invitation past its expiry becomes expired, audited', async () => {
    const t = await createTenantWithMembers();
    const [invitation] = await withTenant(t.id, (tx) =>
      tx
        .insert(invitations)
        .values({
          tenantId: t.id,
          email: `late-${unique()}@test.custos`,
          roleIds: [t.roleIds.viewer],
          teamIds: [],
          tokenHash: hashToken(`inv-${unique()}-${unique()}`),
          invitedByName: 'Test admin',
          expiresAt: new Date(Date.now() - 60_000),
        })
        .returning({ id: invitations.id }),
    );
    await clock.setTime('2030-01-07T00:40:40Z');
    await tickUntil(clock, async () => (await jobsOf(boss, 'expire-invitations')).some((j) => j.state === 'completed'));
    const [job] = await jobsOf(boss, 'expire-invitations');
    expect((job.output as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const [row] = await withTenant(t.id, (tx) => tx.select().from(invitations).where(eq(invitations.id, invitation.id)));
    expect(row.status).toBe('expired');
    const events = await withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, invitation.id)));
    expect(events.map((e) => e.action)).toEqual(['invitation.expired']);
    expect(events[0].actorType).toBe('system');
  });

  it('sends each occurrence once when two servers run the same schedules', async () => {
    // The second server only for the schedules (the work queues are tested in job-engine.test.ts).
    const second = await createJobEngine({ schema, clock, pollingIntervalSeconds: 1, workQueues: false });
    try {
      const before = (await jobsOf(boss, 'purge-expired')).length;
      await clock.setTime('2030-01-07T01:16:40Z');
      await tickUntil(clock, async () => (await jobsOf(boss, 'purge-expired')).filter((j) => j.state === 'completed').length > before);
      // Both instances run cron passes and both work the queue for another minute: still one job for 01:17.
      await clock.tick(60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const jobs = await jobsOf(second, 'purge-expired');
      const at0117 = jobs.filter((j) => j.createdOn.toISOString().startsWith('2030-01-07T01:1'));
      expect(at0117).toHaveLength(1);
      expect(at0117[0].state).toBe('completed');
      expect(jobs).toHaveLength(before + 1);
    } finally {
      await second.stop({ graceful: true, close: true, timeout: 5000 });
    }
    // A minute of ticks runs the every-minute schedules' real sweeps too (on a shared database: every tenant's).
  }, 180_000);

  it('retries a failing job and records each error, then the failure', async () => {
    const flakyClock = new TestClock('2030-01-07T00:00:30Z');
    let attempts = 0;
    const flaky = await createJobEngine({
      schema: flakySchema,
      clock: flakyClock,
      pollingIntervalSeconds: 1,
      retryDelaySeconds: 1,
      jobs: [
        {
          name: 'always-fails',
          cron: '1 * * * *',
          timezone: 'UTC',
          run: () => {
            attempts++;
            return Promise.reject(new Error(`the database said no (attempt ${attempts})`));
          },
        },
      ],
    });
    try {
      await tickUntil(flakyClock, async () => (await jobsOf(flaky, 'always-fails')).some((j) => j.state === 'failed'), 240);
      const [job] = await jobsOf(flaky, 'always-fails');
      expect(job.state).toBe('failed');
      expect(job.retryCount).toBe(3);
      expect(attempts).toBe(4);
      expect((job.output as { message: string }).message).toBe('the database said no (attempt 4)');
    } finally {
      await flaky.stop({ graceful: true, close: true, timeout: 5000 });
    }
  });

  it('runs what fell due while no server ran once when one is back, not once per missed occurrence', async () => {
    const catchUpClock = new TestClock('2030-01-07T00:20:00Z');
    const ran: string[] = [];
    // The schedules' own names and crons, with runs that only count (the real jobs ran above).
    const jobs = SCHEDULES.map((s) => ({ name: s.name, cron: s.cron, timezone: s.timezone, run: () => Promise.resolve(ran.push(s.name)) }));
    const first = await createJobEngine({ schema: catchUpSchema, clock: catchUpClock, pollingIntervalSeconds: 1, jobs });
    await catchUpClock.tick(5000);
    await first.stop({ graceful: true, close: true, timeout: 5000 });
    expect(ran).toEqual([]);

    // Down from 00:20 to 03:50: purge-expired missed 01:17, 02:17 and 03:17, expire-invitations 00:41 to 03:41,
    // the dormant-member job 02:10 and the account cleanup 03:30. Each runs once.
    await catchUpClock.setTime('2030-01-07T03:50:00Z');
    const back = await createJobEngine({ schema: catchUpSchema, clock: catchUpClock, pollingIntervalSeconds: 1, jobs });
    try {
      // The schedules with an occurrence while it was down (a daily one later in the day, say 04:45, has none).
      const missed: string[] = SCHEDULES.filter(
        (s) => back.previewSchedule(s.cron, { from: new Date('2030-01-07T00:20:00Z'), count: 1 })[0] <= new Date('2030-01-07T03:50:00Z'),
      ).map((s) => s.name);
      await tickUntil(catchUpClock, async () => new Set(ran).size >= missed.length);
      await catchUpClock.tick(30_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect([...new Set(ran)].sort()).toEqual([...missed].sort());
      // Each schedule once for all it missed; the every-minute ones (deliver-email, resume-serial-jobs…) also run
      // again each minute the clock moved on since.
      const hourlyOrDaily = missed.filter((name) => SCHEDULES.find((s) => s.name === name)!.cron !== '* * * * *');
      expect(ran.filter((name) => hourlyOrDaily.includes(name)).sort()).toEqual([...hourlyOrDaily].sort());
    } finally {
      await back.stop({ graceful: true, close: true, timeout: 5000 });
    }
  });

  it('stops cleanly: the instance is marked stopped and the database stays usable', async () => {
    await stopJobEngine();
    expect(getJobEngine()).toBeNull();
    expect(jobEngineStatus().state).toBe('stopped');
    expect((await call(ready, { url: 'http://localhost/api/ready' })).json.jobs.state).toBe('stopped');
    const db = await getDb();
    const instances = rowsOf<{ stopped: boolean }>(
      await db.execute(sql.raw(`select stopped_on is not null as stopped from ${schema}.instance`)),
    );
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.every((i) => i.stopped)).toBe(true);
    expect(rowsOf<{ one: number }>(await db.execute(sql`select 1 as one`))[0].one).toBe(1);
    await stopJobEngine(); // a second stop is harmless
  });

  it('is not started with JOBS_ENABLED=0, nor on Vercel (whose cron routes run the jobs)', async () => {
    expect(jobsEnabled()).toBe(true);
    try {
      process.env.JOBS_ENABLED = '0';
      resetEnv();
      expect(jobsEnabled()).toBe(false);
      startJobEngineInBackground();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(getJobEngine()).toBeNull();
      expect(jobEngineStatus().state).toBe('stopped');
      delete process.env.JOBS_ENABLED;
      process.env.VERCEL = '1';
      resetEnv();
      expect(jobsEnabled()).toBe(false);
    } finally {
      delete process.env.JOBS_ENABLED;
      delete process.env.VERCEL;
      resetEnv();
    }
  });
});

describe('running a schedule now', () => {
  it('refuses a dry run of a job that has none, naming dryRun', async () => {
    const error = await runSchedule('deliver-email', { trigger: 'cli', dryRun: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(400);
    expect((error as DomainError).errors?.[0].path).toBe('dryRun');
  });

  it('dry runs of purge-expired and expire-invitations count what they would do and change nothing', async () => {
    const purge = await runSchedule('purge-expired', { trigger: 'cli', dryRun: true });
    expect(purge).toMatchObject({ dryRun: true, emailTokens: expect.any(Number), sessions: expect.any(Number) });
    const expire = await runSchedule('expire-invitations', { trigger: 'cli', dryRun: true });
    expect(expire).toMatchObject({ dryRun: true, expired: expect.any(Number) });
    // A second dry run finds the same: the first changed nothing.
    expect(await runSchedule('expire-invitations', { trigger: 'cli', dryRun: true })).toEqual(expire);
  });

  it('cleans up inactive accounts after INACTIVE_ACCOUNT_DAYS, in a dry run only listing ids', async () => {
    const stale = await createUserWithSession('sched-stale');
    const db = await getDb();
    await db.execute(
      sql`update users set created_at = ${new Date(Date.now() - 40 * DAY).toISOString()}::timestamptz where id = ${stale.id}`,
    );
    process.env.INACTIVE_ACCOUNT_DAYS = '30';
    resetEnv();
    try {
      const listed = await runSchedule('cleanup-inactive-users', { trigger: 'cli', dryRun: true });
      expect(listed).toMatchObject({ dryRun: true, days: 30 });
      expect(listed.userIds).toContain(stale.id);
      expect(JSON.stringify(listed)).not.toContain('@');
    } finally {
      delete process.env.INACTIVE_ACCOUNT_DAYS;
      resetEnv();
    }
    const byDefault = await runSchedule('cleanup-inactive-users', { trigger: 'cli', dryRun: true });
    expect(byDefault).toMatchObject({ dryRun: true, days: 90 });
    expect(byDefault.userIds).not.toContain(stale.id);
  });

  it('the dormant-member cron route runs behind CRON_SECRET and answers counts, never emails', async () => {
    const url = 'http://localhost/api/cron/suspend-dormant-members';
    delete process.env.CRON_SECRET;
    resetEnv();
    expect((await call(dormantCron, { url, headers: { authorization: 'Bearer whatever-secret-value' } })).status).toBe(404);
    process.env.CRON_SECRET = 'cron-secret-for-schedules-0123';
    resetEnv();
    try {
      expect((await call(dormantCron, { url })).status).toBe(401);
      expect((await call(dormantCron, { url, headers: { authorization: 'Bearer wrong-secret-value-0000' } })).status).toBe(401);
      const dry = await call(dormantCron, { url: `${url}?dryRun=1`, headers: { authorization: 'Bearer cron-secret-for-schedules-0123' } });
      expect(dry.status).toBe(200);
      expect(dry.json).toEqual({ dryRun: true, warned: expect.any(Number), suspended: expect.any(Number), tenants: expect.any(Array) });
      // A real run suspends dormant members in every tenant: only on this file's own database (PGlite), never on a
      // PostgreSQL database other test files share.
      const real = await call(dormantCronPost, {
        method: 'POST',
        url: process.env.DATABASE_URL ? `${url}?dryRun=1` : url,
        headers: { authorization: 'Bearer cron-secret-for-schedules-0123' },
      });
      expect(real.status).toBe(200);
      expect(real.json.dryRun).toBe(Boolean(process.env.DATABASE_URL));
      expect(JSON.stringify(real.json)).not.toContain('@');
      expect((await call(dormantCronPut, { method: 'PUT', url })).status).toBe(405);
    } finally {
      delete process.env.CRON_SECRET;
      resetEnv();
    }
  });
});
