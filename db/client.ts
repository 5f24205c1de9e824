import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { PostgresJsDatabase, PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';

/**
 * The database, opened once per process.
 *
 * With DATABASE_URL: postgres.js against a real PostgreSQL. Without it: PGlite (Postgres in WASM)
 * in `.data/pglite` (or PGLITE_DIR; `memory://` keeps it in memory). PGlite has no file lock, so the
 * instance lives in a globalThis promise: every module graph of this process (Next's route bundles,
 * instrumentation, tests) shares it, and two processes must never open one directory.
 *
 * Both drivers speak the same SQL; we type them as the postgres.js database so domain code has one type.
 *
 * drizzle is given no schema: queries name their tables (db/schema) and nothing uses the relational `db.query` API,
 * which a schema would build afresh, one query builder per table (about 60), for every transaction.
 */
type NoSchema = Record<string, never>;
export type Db = PostgresJsDatabase<NoSchema>;
export type Tx = PgTransaction<PostgresJsQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
/** Anything queries can run on: the database or a transaction. */
export type Queryable = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Where it lives: the URL without password, or the PGlite directory. */
  location: string;
  close: () => Promise<void>;
  pglite?: PGlite;
  sql?: Sql;
};

const store = globalThis as unknown as { __custosDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  if (!store.__custosDb) {
    store.__custosDb = openDb().catch((error) => {
      store.__custosDb = undefined;
      throw error;
    });
  }
  return store.__custosDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Close the process's database (tests, CLI commands). The next getDb() opens it again. */
export async function closeDb(): Promise<void> {
  const pending = store.__custosDb;
  store.__custosDb = undefined;
  if (pending) await (await pending).close();
}

export function pgliteDirectory(): string {
  const configured = process.env.PGLITE_DIR;
  if (configured === 'memory://' || configured?.startsWith('memory://')) return configured;
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), configured || '.data/pglite');
}

async function openDb(): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const sql = postgres(url, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      connect_timeout: 5,
      // Between failed connection attempts postgres.js waits by default up to 20 s (3^failures / 100 s), and a
      // query waits for the attempt: while the database is down, requests would hang that long before their 503,
      // and once it is back they would wait as long to see it. At most a second keeps both short.
      backoff: (failures: number) => (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** failures, 1),
      idle_timeout: 30,
      onnotice: () => {},
      connection: { application_name: 'custos' },
    });
    const client = process.env.DATABASE_PREPARED_STATEMENTS === '0' ? sql : preparing(sql);
    const db = drizzle({ client });
    return {
      db,
      kind: 'postgres',
      location: redactUrl(url),
      sql,
      close: () => sql.end({ timeout: 5 }),
    };
  }

  const dir = pgliteDirectory();
  const { PGlite } = await import('@electric-sql/pglite');
  let client: PGlite;
  if (dir.startsWith('memory://')) {
    const { loadDataDir } = embeddedSnapshot();
    client = new PGlite(dir, loadDataDir ? { loadDataDir } : undefined);
  } else {
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle({ client }) as unknown as Db;
  return { db, kind: 'pglite', location: dir, pglite: client, close: () => client.close() };
}

/** Tests hand an already-migrated PGlite snapshot here so each file starts in a second, not ten. */
function embeddedSnapshot(): { loadDataDir?: Blob } {
  return { loadDataDir: (globalThis as unknown as { __custosPgliteSnapshot?: Blob }).__custosPgliteSnapshot };
}

/**
 * Drizzle sends every query unprepared, which postgres.js answers in two round trips (describe, then
 * execute) and cannot pipeline. Prepared statements answer in one trip after their first use on a
 * connection, and queries sent together share a trip. Set DATABASE_PREPARED_STATEMENTS=0 behind a
 * pooler that cannot keep prepared statements (PgBouncer in transaction mode).
 */
export function preparing(sql: Sql): Sql {
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
     a Proxy forwards postgres.js's overloaded methods untouched; their types cannot be restated here */
  return new Proxy(sql, {
    get(target, prop) {
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as any, { ...options, prepare: true });
      }
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const fn = args[args.length - 1] as (tx: Sql) => unknown;
          args[args.length - 1] = (tx: Sql) => fn(preparing(tx));
          return (target.begin as any)(...args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment */
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
