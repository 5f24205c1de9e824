import type { PgBoss } from 'pg-boss';

/**
 * The process's job engine record (lib/jobs/engine.ts), kept on globalThis so every module graph of the process
 * (Next's route bundles, instrumentation) sees the one engine. Apart from the engine so /api/ready can read the
 * state without loading the jobs.
 */
export type JobEngineState = 'off' | 'starting' | 'running' | 'failed' | 'stopping' | 'stopped';
export type JobEngineStatus = { state: JobEngineState; database: 'postgres' | 'pglite' | null };

export type EngineRecord = {
  boss: PgBoss | null;
  state: JobEngineState;
  database: 'postgres' | 'pglite' | null;
  /** The schema the engine keeps its tables in (`pgboss`; a test may give its own). */
  schema: string;
  starting: Promise<PgBoss> | null;
  retry: NodeJS.Timeout | null;
  signals: boolean;
};

const store = globalThis as unknown as { __custosJobEngine?: EngineRecord };

export function engineRecord(): EngineRecord {
  return (store.__custosJobEngine ??= {
    boss: null,
    state: 'off',
    database: null,
    schema: 'pgboss',
    starting: null,
    retry: null,
    signals: false,
  });
}

/** `off` in a process that never started the engine (tests' route handlers, Vercel, JOBS_ENABLED=0). */
export function jobEngineStatus(): JobEngineStatus {
  const { state, database } = engineRecord();
  return { state, database };
}
