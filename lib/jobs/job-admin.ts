import { z } from 'zod';
import { getDb } from '@/db/client';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError, notFound } from '@/lib/errors';
import { requirePlatformAdmin } from '@/lib/platform-admin/platform-admin';
import { parseInput } from '@/lib/validation';
import { jobSender } from './enqueue';
import { engineRecord } from './engine-state';
import { WORK_QUEUES } from './queues';
import { SCHEDULES } from './schedules';

/**
 * What platform administrators see of the job engine (/admin/jobs) and /api/ready reports: per queue (work queues
 * and schedules) how many jobs wait, run and failed; the lists of queued, active and failed jobs; and retrying a
 * failed one. Read from pg-boss's own table (schema `pgboss`) through the process's engine or sender.
 */
export type QueueKind = 'work' | 'schedule';
export type QueueCounts = { name: string; kind: QueueKind; summary: string; queued: number; active: number; failed: number };
export type JobState = 'queued' | 'active' | 'failed';
export type JobListItem = {
  id: string;
  queue: string;
  state: JobState;
  createdAt: string;
  startedAt: string | null;
  /** Runs so far (1 for a job on its first run). */
  attempts: number;
  /** Runs it may have in all (1 + its retries). */
  maxAttempts: number;
  /** A failed job's error, as its runner said it (one line). */
  error: string | null;
};
export type JobsOverview = { queues: QueueCounts[]; queued: JobListItem[]; active: JobListItem[]; failed: JobListItem[] };

const QUEUES: Array<{ name: string; kind: QueueKind; summary: string }> = [
  ...WORK_QUEUES.map((q) => ({ name: q.name, kind: 'work' as const, summary: q.summary })),
  ...SCHEDULES.map((s) => ({ name: s.name, kind: 'schedule' as const, summary: s.summary })),
];
const names = () => QUEUES.map((q) => q.name);

/** The schema of the tables read: the running engine's (a test may give its own), else pg-boss's default. */
const schema = () => (engineRecord().boss ? engineRecord().schema : 'pgboss').replace(/[^a-z0-9_]/gi, '');

async function query<T>(text: string, values: unknown[]): Promise<T[]> {
  const boss = await jobSender();
  return (await boss.getDb().executeSql(text, values)).rows as T[];
}

/** Per queue: jobs waiting (created or waiting to retry), running and failed (kept a week). */
export async function jobQueueCounts(): Promise<QueueCounts[]> {
  const rows = await query<{ name: string; state: string; n: number | string }>(
    `select name, state, count(*) as n from ${schema()}.job where name = any($1::text[]) and state in ('created', 'retry', 'active', 'failed') group by name, state`,
    [names()],
  );
  return QUEUES.map((q) => {
    const of = (...states: string[]) =>
      rows.filter((r) => r.name === q.name && states.includes(r.state)).reduce((sum, r) => sum + Number(r.n), 0);
    return { ...q, queued: of('created', 'retry'), active: of('active'), failed: of('failed') };
  });
}

/** The counts for /api/ready: null when the queue cannot be read within `ms` (readiness never waits on it). */
export async function jobQueueCountsWithin(ms: number): Promise<Array<Omit<QueueCounts, 'summary'>> | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    const counts = await Promise.race([jobQueueCounts(), timeout]);
    return counts?.map(({ summary: _summary, ...rest }) => (void _summary, rest)) ?? null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

type JobRow = {
  id: string;
  name: string;
  state: string;
  created_on: Date | string;
  started_on: Date | string | null;
  retry_count: number;
  retry_limit: number;
  output: unknown;
};

/** The error a failed job recorded, in one line: pg-boss stores a thrown error as `{ message, stack }`. */
function errorOf(output: unknown): string | null {
  if (typeof output === 'string') return output.slice(0, 500);
  if (!output || typeof output !== 'object') return null;
  const o = output as { message?: unknown; value?: unknown };
  const message = typeof o.message === 'string' ? o.message : typeof o.value === 'string' ? o.value : JSON.stringify(output);
  return message.split('\n')[0].slice(0, 500);
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function item(row: JobRow): JobListItem {
  const state: JobState = row.state === 'active' ? 'active' : row.state === 'failed' ? 'failed' : 'queued';
  return {
    id: row.id,
    queue: row.name,
    state,
    createdAt: iso(row.created_on)!,
    startedAt: iso(row.started_on),
    attempts: state === 'queued' ? Number(row.retry_count) : Number(row.retry_count) + 1,
    maxAttempts: Number(row.retry_limit) + 1,
    error: state === 'failed' ? errorOf(row.output) : null,
  };
}

async function listJobs(states: string[], limit: number, order: 'asc' | 'desc'): Promise<JobListItem[]> {
  const rows = await query<JobRow>(
    `select id, name, state, created_on, started_on, retry_count, retry_limit, output from ${schema()}.job
      where name = any($1::text[]) and state::text = any($2::text[])
      order by ${order === 'asc' ? 'created_on asc' : 'coalesce(completed_on, created_on) desc'}, id limit $3`,
    [names(), states, limit],
  );
  return rows.map(item);
}

/** The jobs page: the counts, the oldest queued and active jobs and the latest failed ones (50 of each). */
export async function jobsOverview(actor: Actor | null): Promise<JobsOverview> {
  requirePlatformAdmin(actor);
  const queues = await jobQueueCounts();
  const queued = await listJobs(['created', 'retry'], 50, 'asc');
  const active = await listJobs(['active'], 50, 'asc');
  const failed = await listJobs(['failed'], 50, 'desc');
  return { queues, queued, active, failed };
}

const retrySchema = z.object({
  queue: z.enum(names() as [string, ...string[]], { message: 'Choose one of the job queues.' }),
  id: z.uuid({ message: 'Give the id of a failed job.' }),
});

/**
 * Run a failed job again (platform administrators): pg-boss puts it back in its queue as a retry, to be taken by
 * the next worker. Audited in the platform trail as `job.retried`. A job that is not (or no longer) failed is 404.
 */
export async function retryFailedJob(
  actor: Actor | null,
  meta: RequestMeta | null,
  input: { queue?: unknown; id?: unknown },
): Promise<{ id: string; queue: string }> {
  requirePlatformAdmin(actor);
  const { queue, id } = parseInput(retrySchema, input ?? {});
  const [row] = await query<JobRow>(
    `select id, name, state, created_on, started_on, retry_count, retry_limit, output from ${schema()}.job where name = $1 and id = $2::uuid`,
    [queue, id],
  );
  if (!row || row.state !== 'failed') throw notFound('failed job');
  const boss = await jobSender();
  // CommandResponse is typed empty; at run time it carries the count of jobs it changed.
  const result = (await boss.retry(queue, id)) as { affected?: number };
  if (result.affected !== 1) throw new DomainError('conflict', 409, 'The job changed meanwhile: reload the page.');
  const db = await getDb();
  await recordPlatformAudit(db, actor, meta, {
    action: 'job.retried',
    targetType: 'job',
    targetId: id,
    after: { queue, attempts: Number(row.retry_count) + 1, error: errorOf(row.output) },
  });
  return { id, queue };
}
