import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killApp, signIn, sleep, startApp, startPostgres, type Client, type PrivatePostgres, type RunningServer, gtin } from './services';

// The server is SIGKILLed in the middle of a 300,000-serial job. At the crash the job's `done` equals its stored
// rows (each chunk commits its rows and its count together). After a restart the job is continued — by the
// restarted server's job engine (the resume-serial-jobs schedule, every minute, sends a serial-generation job for
// the orphan once its heartbeat is stale; pg-boss also retries the dead run's own job once its heartbeat lapses),
// or by GET jobs/{id}, which sends the orphan to the engine too — and ends
// completed with exactly `requested` rows, or failed with an error and done == rows; never completed short.

const REQUESTED = 300_000;
/** Kill once this many are stored (five chunks): mid-run, well before the end. */
const KILL_AFTER = 50_000;
/** How soon a dead runner's job may be taken over (the engine's resume-serial-jobs schedule looks every minute). */
const jobEnv = { SERIAL_JOBS_STALE_AFTER_SECONDS: '5' };
/** The schedule's minute, plus pg-boss's cron pass (15 s) and the engine's start. */
const SWEEP_WITHIN_MS = 100_000;

let pg: PrivatePostgres;
let app: RunningServer;
let admin: Client;

beforeAll(async () => {
  pg = await startPostgres();
  app = await startApp(pg.url, jobEnv);
  admin = await signIn(app.url, 'admin@acme.test');
});

afterAll(async () => {
  await app?.stop();
  await pg?.destroy();
});

type JobState = { status: string; done: number; requested: number; error: string | null; rows: number };

async function jobState(jobId: string, batchId: string): Promise<JobState> {
  const [job] = await pg.sql<{ status: string; done: number; requested: number; error: string | null }[]>`
    select status, done, requested, error from serial_jobs where id = ${jobId}`;
  const [{ rows }] = await pg.sql<{ rows: number }[]>`select count(*)::int as rows from serials where batch_id = ${batchId}`;
  return { ...job, rows };
}

describe('the server killed during serial generation', () => {
  it('continues the job after a restart and keeps done equal to the stored rows', async () => {
    const sites = await (await admin.get('/api/v1/tenants/acme/sites')).json();
    const batchRes = await admin.send('POST', '/api/v1/tenants/acme/batches', {
      batchNumber: `FLT${Date.now() % 1_000_000}`,
      productName: 'Fault-test tablets',
      gtin: gtin(`0950110${String(Date.now() % 1_000_000).padStart(6, '0')}`),
      siteId: sites.data[0].id,
      plannedQuantity: REQUESTED,
      expiresOn: '2030-12-31',
    });
    expect(batchRes.status).toBe(201);
    const batch = (await batchRes.json()) as { id: string };
    const started = Date.now();
    const requested = await admin.send('POST', `/api/v1/tenants/acme/batches/${batch.id}/serials`, { count: REQUESTED });
    expect(requested.status).toBe(202);
    const { jobId } = (await requested.json()) as { jobId: string };

    // Kill the server once some chunks are stored and well before the end.
    let before: JobState;
    for (;;) {
      before = await jobState(jobId, batch.id);
      if (before.done >= KILL_AFTER || before.status === 'completed' || before.status === 'failed' || Date.now() - started > 60_000) break;
      await sleep(25);
    }
    expect(before.status).toBe('running');
    expect(before.done).toBeGreaterThanOrEqual(KILL_AFTER);
    await killApp(app);
    const killedAt = Date.now();
    const atKill = await jobState(jobId, batch.id);
    expect(atKill.done).toBeLessThan(REQUESTED);
    expect(atKill.rows).toBe(atKill.done);
    expect(atKill.status).toBe('running');

    app = await startApp(pg.url, jobEnv);
    const restartedAt = Date.now();
    admin = await signIn(app.url, 'admin@acme.test');

    // First only watch: does the restarted server continue the job by itself?
    let resumedBy = 'GET jobs/{id} (orphan sent to the engine)';
    const watchUntil = restartedAt + SWEEP_WITHIN_MS;
    let state = await jobState(jobId, batch.id);
    while (Date.now() < watchUntil && state.done === atKill.done && state.status === 'running') {
      await sleep(500);
      state = await jobState(jobId, batch.id);
    }
    if (state.done > atKill.done || state.status !== 'running') resumedBy = "the restarted server's job engine by itself";

    // Then ask for the job (which takes an orphan over) until it ends.
    let view: { status: string; progress: { done: number; total: number }; error?: string } | null = null;
    const deadline = Date.now() + 150_000;
    const consistent: boolean[] = [];
    while (Date.now() < deadline) {
      const res = await admin.get(`/api/v1/tenants/acme/jobs/${jobId}`);
      expect(res.status).toBe(200);
      view = await res.json();
      state = await jobState(jobId, batch.id);
      consistent.push(state.rows >= state.done);
      if (view!.status === 'completed' || view!.status === 'failed') break;
      await sleep(1_000);
    }
    const finishedAt = Date.now();
    state = await jobState(jobId, batch.id);
    const events = await pg.sql<{ action: string; n: number }[]>`
      select action, count(*)::int as n from audit_events where target_id = ${batch.id} and action like 'serials.%' group by action order by action`;
    console.log(
      [
        `serial job crash: ${REQUESTED} serials requested; SIGKILL at done ${atKill.done} (${atKill.rows} rows stored) after ${killedAt - started} ms`,
        `  continued by ${resumedBy}; ended ${state.status} with done ${state.done}, ${state.rows} rows, ${finishedAt - restartedAt} ms after the restart` +
          (state.error ? `; error: ${state.error}` : ''),
        `  audit: ${events.map((e) => `${e.action} × ${e.n}`).join(', ')}`,
      ].join('\n'),
    );

    expect(view).not.toBeNull();
    expect(['completed', 'failed']).toContain(view!.status);
    expect(state.status).toBe(view!.status);
    expect(state.rows).toBe(state.done);
    expect(view!.progress).toEqual({ done: state.done, total: REQUESTED });
    if (state.status === 'completed') {
      expect(state.done).toBe(REQUESTED);
      expect(state.rows).toBe(REQUESTED);
    } else {
      expect(state.error).toBeTruthy();
      expect(view!.error).toBeTruthy();
    }
    expect(consistent.every(Boolean)).toBe(true);
    expect(events.find((e) => e.action === 'serials.generation_requested')?.n).toBe(1);
  }, 300_000);
});
