import { randomUUID } from 'node:crypto';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { getDbHandle, type Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { batches } from '@/db/schema/quality';
import { serialJobs, serials } from '@/db/schema/serials';
import { recordTenantAudit } from '@/lib/audit/record';
import type { Actor } from '@/lib/context';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { drawSerials } from './format';
import { SERIALIZABLE_BATCH_STATUSES } from './policy';
import type { JobRow } from './serial-job-view';

/**
 * Serial generation as a resumable job: `runSerialJob` runs one job (request-serials.ts queues it,
 * start-serial-job.ts starts it after the response, run-pending-serial-jobs.ts is the cron and CLI sweep).
 *
 * `requestSerials` (POST batches/{id}/serials) only records a queued job, in the request's transaction. The job
 * then runs in this server process once the response is sent (`startSerialJob`, Next's `after()`), and can be
 * continued by any process: a long-running server's sweep at start and every 30 s (resume-jobs.ts), the cron route
 * /api/cron/run-serial-jobs (Vercel) and `npm run serials:run` (`cli run-serial-jobs`) pick up queued jobs
 * and running jobs whose heartbeat is stale (their process died), and continue from `done`.
 *
 * A run stores the serials in chunks of CHUNK_SIZE, each chunk ONE tenant transaction that (1) locks the batch
 * row for share and checks it still has the job's GTIN and a status that takes serials, (2) inserts random serials
 * with `on conflict do nothing`, redrawing until the chunk is full, and (3) advances `done` and the heartbeat, but
 * only while this run still holds the job's lease (`runner`). So `done` always equals the job's stored rows, a
 * crash loses at most one uncommitted chunk, and two runners can never both extend one job. Memory is one chunk.
 * A job that cannot continue (batch gone, GTIN changed or removed, batch rejected or recalled, repeated errors)
 * ends `failed` with `error`, never `completed` short.
 */

const CHUNK_SIZE = 10_000;
/** On PGlite (one connection shared by every request): chunks of this size, each followed by a pause of this long. */
const EMBEDDED_CHUNK_SIZE = 5_000;
const EMBEDDED_PAUSE_MS = 25;
/**
 * A running job whose heartbeat is older than this is taken to be orphaned and may be taken over
 * (SERIAL_JOBS_STALE_AFTER_SECONDS, default 60; a chunk beats it every second or so).
 */
export const defaultStaleAfterMs = (): number => env().SERIAL_JOBS_STALE_AFTER_SECONDS * 1000;
/** Runs (claims) a job gets before a job that keeps hitting transient errors is failed. */
export const MAX_ATTEMPTS = 5;
/** Redraw rounds for one chunk before giving up: with 2^60 serials even one redraw is rare. */
const MAX_DRAW_ROUNDS = 20;

/** Who the job acts as in the audit trail (the request itself is audited with the requester). */
const SERIAL_JOB_ACTOR: Actor = { type: 'system', id: 'serial-jobs', name: 'Serial generation job' };

/** A reason the job cannot continue: it ends `failed` with this message. */
class JobFailure extends Error {}
/** Another runner has taken the job over (this one was presumed dead): stop without touching it. */
class LeaseLost extends Error {}

/** Queued, or running without a live runner (released, or heartbeat older than `staleAfterMs`). */
export const claimableCondition = (staleAfterMs: number) =>
  or(
    eq(serialJobs.status, 'queued'),
    and(
      eq(serialJobs.status, 'running'),
      or(
        isNull(serialJobs.runner),
        isNull(serialJobs.heartbeatAt),
        sql`${serialJobs.heartbeatAt} < clock_timestamp() - make_interval(secs => ${staleAfterMs / 1000})`,
      ),
    ),
  )!;
export const claimableSql = (staleAfterMs: number) => sql<boolean>`coalesce(${claimableCondition(staleAfterMs)}, false)`;

export type RunOptions = {
  /** Rows per chunk (default CHUNK_SIZE). */
  chunkSize?: number;
  staleAfterMs?: number;
  /** Stop (releasing the job for the next runner) once this time (ms since epoch) has passed. */
  deadline?: number;
};

type RunOutcome = 'completed' | 'failed' | 'paused' | 'interrupted' | 'lost' | 'not_claimable';

/**
 * Take the job's lease if it is claimable; null when it is not (done, failed, or another runner is alive).
 * Taking over a job whose runner stopped (its heartbeat went stale: the process died) is audited as
 * `serials.generation_resumed` with the count it continues from, so the trail shows the interruption.
 */
async function claim(tenantId: string, jobId: string, token: string, staleAfterMs: number): Promise<JobRow | null> {
  return withTenant(tenantId, async (tx) => {
    const [previous] = await tx
      .select({ runner: serialJobs.runner, heartbeatAt: serialJobs.heartbeatAt, status: serialJobs.status })
      .from(serialJobs)
      .where(and(eq(serialJobs.tenantId, tenantId), eq(serialJobs.id, jobId), claimableCondition(staleAfterMs)))
      .for('update');
    if (!previous) return null;
    const [row] = await tx
      .update(serialJobs)
      .set({
        status: 'running',
        runner: token,
        heartbeatAt: sql`clock_timestamp()`,
        startedAt: sql`coalesce(${serialJobs.startedAt}, clock_timestamp())`,
        attempts: sql`${serialJobs.attempts} + 1`,
      })
      .where(and(eq(serialJobs.tenantId, tenantId), eq(serialJobs.id, jobId)))
      .returning();
    if (previous.status === 'running' && previous.runner !== null) {
      await recordTenantAudit(tx, tenantId, SERIAL_JOB_ACTOR, null, {
        action: 'serials.generation_resumed',
        targetType: 'batch',
        targetId: row.batchId,
        after: {
          jobId,
          done: row.done,
          requested: row.requested,
          reason: 'The process running the job stopped responding',
          lastHeartbeatAt: previous.heartbeatAt ? previous.heartbeatAt.toISOString() : null,
        },
      });
    }
    return row;
  });
}

/** The chunk's checks on the batch, under a share lock so a recall or GTIN change waits for the chunk (or precedes it). */
async function checkBatch(tx: Tx, tenantId: string, job: JobRow): Promise<void> {
  const [batch] = await tx
    .select({ gtin: batches.gtin, status: batches.status })
    .from(batches)
    .where(and(eq(batches.tenantId, tenantId), eq(batches.id, job.batchId)))
    .for('share');
  if (!batch) throw new JobFailure('The batch no longer exists.');
  if (!batch.gtin) throw new JobFailure(`The batch no longer has a GTIN (it had ${job.gtin} when the job was requested).`);
  if (batch.gtin !== job.gtin)
    throw new JobFailure(`The batch's GTIN changed from ${job.gtin} to ${batch.gtin} while serials were being generated.`);
  if (!SERIALIZABLE_BATCH_STATUSES.has(batch.status)) throw new JobFailure(`The batch became ${batch.status}: it takes no more serials.`);
}

/**
 * Store `n` new random serials of the job in `tx`: one `insert … select from unnest(array) on conflict do nothing`
 * per round (the array travels as ONE text parameter), redrawing as many as the unique index refused.
 */
export async function insertRandomSerials(tx: Tx, tenantId: string, job: Pick<JobRow, 'gtin' | 'batchId'>, n: number): Promise<number> {
  let stored = 0;
  for (let round = 1; stored < n; round++) {
    if (round > MAX_DRAW_ROUNDS) throw new JobFailure(`Could not draw ${n - stored} unique serials after ${MAX_DRAW_ROUNDS} rounds.`);
    // Sorted: concurrent chunks then take the unique index's locks in one order, which keeps them from deadlocking.
    const drawn = `{${drawSerials(n - stored)
      .sort()
      .join(',')}}`;
    const result = await tx.execute(sql`with ins as (
        insert into ${serials} (tenant_id, gtin, serial, batch_id)
        select ${tenantId}::uuid, ${job.gtin}, s, ${job.batchId}::uuid from unnest(${drawn}::text[]) as s
        on conflict do nothing
        returning 1)
      select count(*)::int as n from ins`);
    stored += Number(rowsOf<{ n: number }>(result)[0].n);
  }
  return stored;
}

async function markFailed(tenantId: string, job: JobRow, token: string, message: string): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .update(serialJobs)
      .set({ status: 'failed', error: message, runner: null, finishedAt: sql`clock_timestamp()` })
      .where(and(eq(serialJobs.tenantId, tenantId), eq(serialJobs.id, job.id), eq(serialJobs.runner, token)))
      .returning();
    if (!row) return;
    await recordTenantAudit(tx, tenantId, SERIAL_JOB_ACTOR, null, {
      action: 'serials.generation_failed',
      targetType: 'batch',
      targetId: job.batchId,
      after: { jobId: job.id, requested: row.requested, done: row.done, error: message },
    });
  });
}

/**
 * Give the job back, still `running` with no runner, so the next runner continues it: at a deadline (`paused`,
 * which does not count as an attempt) or after an unexpected error (`interrupted`: kept in `error` and audited as
 * `serials.generation_interrupted`, and it counts toward MAX_ATTEMPTS).
 */
async function release(tenantId: string, job: JobRow, token: string, error: string | null): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .update(serialJobs)
      .set({ runner: null, error, ...(error === null ? { attempts: sql`greatest(${serialJobs.attempts} - 1, 0)` } : {}) })
      .where(and(eq(serialJobs.tenantId, tenantId), eq(serialJobs.id, job.id), eq(serialJobs.runner, token)))
      .returning();
    if (!row || error === null) return;
    await recordTenantAudit(tx, tenantId, SERIAL_JOB_ACTOR, null, {
      action: 'serials.generation_interrupted',
      targetType: 'batch',
      targetId: job.batchId,
      after: { jobId: job.id, done: row.done, requested: row.requested, attempt: row.attempts, error },
    });
  });
}

/**
 * Claim the job and run it to the end (or the deadline). Never throws for the job's own problems: they are
 * recorded on the job; the outcome says what happened.
 */
export async function runSerialJob(tenantId: string, jobId: string, options: RunOptions = {}): Promise<RunOutcome> {
  // PGlite has one connection: while a chunk's transaction runs every request waits for it, so there chunks are
  // smaller and each is followed by a short pause in which waiting requests (a progress poll, a page) get through.
  const embedded = (await getDbHandle()).kind === 'pglite';
  const chunkSize = options.chunkSize ?? (embedded ? EMBEDDED_CHUNK_SIZE : CHUNK_SIZE);
  const token = randomUUID();
  const job = await claim(tenantId, jobId, token, options.staleAfterMs ?? defaultStaleAfterMs());
  if (!job) return 'not_claimable';
  try {
    if (job.attempts > MAX_ATTEMPTS) {
      throw new JobFailure(`Gave up after ${MAX_ATTEMPTS} attempts${job.error ? `; last error: ${job.error}` : ''}.`);
    }
    let done = job.done;
    while (done < job.requested) {
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        await release(tenantId, job, token, null);
        return 'paused';
      }
      const n = Math.min(chunkSize, job.requested - done);
      done = await retryingConflicts(() =>
        withTenant(tenantId, async (tx) => {
          await checkBatch(tx, tenantId, job);
          await insertRandomSerials(tx, tenantId, job, n);
          const last = done + n >= job.requested;
          const [row] = await tx
            .update(serialJobs)
            .set({
              done: sql`${serialJobs.done} + ${n}`,
              heartbeatAt: sql`clock_timestamp()`,
              ...(last ? { status: 'completed' as const, runner: null, error: null, finishedAt: sql`clock_timestamp()` } : {}),
            })
            .where(
              and(
                eq(serialJobs.tenantId, tenantId),
                eq(serialJobs.id, job.id),
                eq(serialJobs.runner, token),
                eq(serialJobs.status, 'running'),
              ),
            )
            .returning({ done: serialJobs.done });
          if (!row) throw new LeaseLost(); // rolls the chunk back: the new runner owns the job
          if (last) {
            await recordTenantAudit(tx, tenantId, SERIAL_JOB_ACTOR, null, {
              action: 'serials.generated',
              targetType: 'batch',
              targetId: job.batchId,
              after: { jobId: job.id, count: job.requested, gtin: job.gtin },
            });
          }
          return row.done;
        }),
      );
      if (embedded && done < job.requested) await new Promise((resolve) => setTimeout(resolve, EMBEDDED_PAUSE_MS));
    }
    return 'completed';
  } catch (error) {
    if (error instanceof LeaseLost) return 'lost';
    if (error instanceof JobFailure) {
      await markFailed(tenantId, job, token, error.message);
      return 'failed';
    }
    logger.error({ err: error, tenantId, jobId }, 'serial job interrupted');
    const message = error instanceof Error ? error.message : String(error);
    await release(tenantId, job, token, message.slice(0, 500)).catch(() => {});
    return 'interrupted';
  }
}

/** The database's code of an error (drizzle wraps the driver's error as `cause`). */
function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Run a chunk again when the database chose it as a deadlock victim (40P01) or could not serialize it (40001):
 * two chunks that drew the same serial wait on each other's index entry; the chunk rolled back entirely, so running
 * it again is safe.
 */
async function retryingConflicts<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = sqlState(error);
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
