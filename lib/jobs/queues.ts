import type { Queue } from 'pg-boss';

/**
 * The job engine's work queues (besides the periodic schedules of schedules.ts): one list of data, what each queue
 * carries and which function works a job. The engine (engine.ts) creates every queue and works it in a long-running
 * server and in `npm run worker`; on Vercel the cron route /api/cron/run-jobs drains due jobs within its time limit.
 *
 * A job only says "do X now" (a serial job, an outbox message, a webhook delivery): the state of the work lives in
 * the domain's own table, written in the transaction of the change. So a lost job loses nothing (each domain's
 * sweep, a schedule, enqueues again what is due), and a job run twice does nothing the second time.
 */
export type WorkQueueDefinition = {
  name: string;
  /** One plain sentence for logs, the jobs page and the README. */
  summary: string;
  /** pg-boss queue settings (retries for unexpected errors, expiry of a run, retention). */
  queue: Omit<Queue, 'name'>;
  /** How many jobs of this queue one process runs at once. */
  concurrency: number;
  /** Run one job; throw to have pg-boss retry it. Loaded lazily so the engine does not import every domain. */
  run: (data: Record<string, unknown>, context: WorkContext) => Promise<unknown>;
};

/** What the runner of a job is told besides its data. */
export type WorkContext = {
  /**
   * When set (the drain on Vercel, within a function's time limit): stop by this time (ms since epoch), leaving the
   * rest of the work for the next job (a long job sends itself again to continue where it stopped).
   */
  deadline?: number;
};

const WEEK = 7 * 24 * 3600;

export const WORK_QUEUES = [
  {
    name: 'serial-generation',
    summary: 'Generates a batch’s requested GS1 serials in chunks, continuing from the stored count.',
    // `standard`: a job is named by its serial job's id (singletonKey); the serial job's row and lease keep two
    // runs of one serial job apart, and its `done` count is where any run continues. The heartbeat lets pg-boss
    // retry a run whose process died within a minute or two (the row's own stale heartbeat then lets it continue).
    queue: {
      policy: 'standard',
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 6 * 3600,
      heartbeatSeconds: 30,
      deleteAfterSeconds: WEEK,
      notify: true,
    },
    concurrency: 1,
    run: async (data, context) => (await import('@/lib/serials/serial-generation-job')).runSerialGenerationJob(data, context),
  },
  {
    name: 'mail-delivery',
    summary: 'Sends due outbox mail through Resend, with backoff on failure.',
    // `stately`: at most one job waiting and one running, whatever asked for it (a request that queued mail, the
    // minute's sweep): a waiting job sends everything due when it runs, so further asks add nothing.
    queue: {
      policy: 'stately',
      retryLimit: 3,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
      deleteAfterSeconds: WEEK,
      notify: true,
    },
    concurrency: 1,
    run: async (data, context) => (await import('@/lib/email/mail-delivery-job')).runMailDeliveryJob(data, context),
  },
  {
    name: 'webhook-delivery',
    summary: 'Sends one event to one webhook endpoint; failures are retried with backoff for three days.',
    queue: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 5 * 60, deleteAfterSeconds: WEEK, notify: true },
    concurrency: 8,
    run: async (data) => (await import('@/lib/webhooks/webhook-delivery-job')).runWebhookDeliveryJob(data),
  },
] as const satisfies readonly WorkQueueDefinition[];

export type WorkQueueName = (typeof WORK_QUEUES)[number]['name'];

export function workQueueByName(name: WorkQueueName): (typeof WORK_QUEUES)[number] {
  return WORK_QUEUES.find((q) => q.name === name)!;
}
