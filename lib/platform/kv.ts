import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { logger } from './logger';

/**
 * A small key-value store for rate limits, caches and idempotency records.
 * Upstash Redis (REST) when UPSTASH_REDIS_REST_URL is set; otherwise a Postgres table, which works
 * across instances and on PGlite. Values are JSON. When Upstash cannot be reached, the store falls back
 * to the Postgres table until Upstash answers again (`FallbackKv`): rate limits keep counting there and
 * requests keep working; one warning is logged per outage.
 *
 * On PGlite, call it outside tenant transactions: the embedded database has one connection.
 */
export interface KvStore {
  readonly kind: 'postgres' | 'upstash';
  get<T = unknown>(key: string): Promise<T | null>;
  /** Store a value; with `onlyIfAbsent`, returns false (and writes nothing) when the key exists. */
  set(key: string, value: unknown, options?: { ttlSeconds?: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  /** Add one to a counter that starts at 0 and expires `ttlSeconds` after its first increment. */
  increment(key: string, ttlSeconds: number): Promise<{ value: number; ttlSeconds: number }>;
  /**
   * `increment(counterKey)` unless one of `lockKeys` holds a live value (then nothing is written and the answer is
   * null). On the PostgreSQL table this is one statement, one round trip.
   */
  incrementUnlessAnySet(counterKey: string, ttlSeconds: number, lockKeys: string[]): Promise<{ value: number; ttlSeconds: number } | null>;
  delete(key: string): Promise<void>;
  ping(): Promise<void>;
  /** True while an Upstash store answers from its PostgreSQL fallback (FallbackKv). */
  readonly degraded?: boolean;
  /** Remove expired entries, where the store does not expire its own (the PostgreSQL table). */
  purgeExpired?(): Promise<number>;
  /**
   * Set only when the entries are rows of `kv_entries` in the process's own database (PostgresKv, not the fallback of
   * an Upstash store): callers may then read or delete them inside their own SQL statements to save round trips.
   */
  readonly table?: 'kv_entries';
}

export class PostgresKv implements KvStore {
  readonly kind = 'postgres' as const;
  readonly table = 'kv_entries' as const;

  async get<T>(key: string): Promise<T | null> {
    const db = await getDb();
    const rows = rowsOf<{ value: T }>(
      await db.execute(sql`select value from kv_entries where key = ${key} and (expires_at is null or expires_at > now())`),
    );
    return rows[0]?.value ?? null;
  }

  async set(key: string, value: unknown, options: { ttlSeconds?: number; onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    const db = await getDb();
    const json = JSON.stringify(value);
    const expires = options.ttlSeconds ? sql`now() + make_interval(secs => ${options.ttlSeconds})` : sql`null`;
    if (options.onlyIfAbsent) {
      // An expired entry counts as absent: replace it; a live one stays and we report false.
      const rows = rowsOf<{ key: string }>(
        await db.execute(sql`
          insert into kv_entries (key, value, expires_at) values (${key}, ${json}::jsonb, ${expires})
          on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at
            where kv_entries.expires_at is not null and kv_entries.expires_at <= now()
          returning key`),
      );
      return rows.length === 1;
    }
    await db.execute(sql`
      insert into kv_entries (key, value, expires_at) values (${key}, ${json}::jsonb, ${expires})
      on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`);
    return true;
  }

  async increment(key: string, ttlSeconds: number): Promise<{ value: number; ttlSeconds: number }> {
    const db = await getDb();
    const rows = rowsOf<{ value: number; ttl: number }>(await db.execute(incrementSql(key, ttlSeconds)));
    return { value: Number(rows[0].value), ttlSeconds: Number(rows[0].ttl) };
  }

  async incrementUnlessAnySet(
    counterKey: string,
    ttlSeconds: number,
    lockKeys: string[],
  ): Promise<{ value: number; ttlSeconds: number } | null> {
    if (lockKeys.length === 0) return this.increment(counterKey, ttlSeconds);
    const db = await getDb();
    const rows = rowsOf<{ value: number | null; ttl: number | null }>(
      await db.execute(sql`
        with bumped as (${incrementUnlessAnySetSql(counterKey, ttlSeconds, lockKeys)})
        select (select value from bumped) as value, (select ttl from bumped) as ttl`),
    );
    const row = rows[0];
    return row && row.value !== null ? { value: Number(row.value), ttlSeconds: Number(row.ttl) } : null;
  }

  async delete(key: string): Promise<void> {
    const db = await getDb();
    await db.execute(sql`delete from kv_entries where key = ${key}`);
  }

  async ping(): Promise<void> {
    const db = await getDb();
    await db.execute(sql`select 1 from kv_entries limit 1`);
  }

  /** Remove expired entries (called by the cleanup cron). */
  async purgeExpired(): Promise<number> {
    const db = await getDb();
    const rows = rowsOf<{ key: string }>(
      await db.execute(sql`delete from kv_entries where expires_at is not null and expires_at <= now() returning key`),
    );
    return rows.length;
  }
}

/**
 * PostgresKv.incrementUnlessAnySet as SQL, for callers that send it with more work in one statement (when the store
 * has `table`): answers one row (`value`, `ttl`) when the counter was taken, none when a lock key holds a live value.
 * The locks are read in the statement's snapshot (live as `get` judges them); the insert runs only without one.
 */
export function incrementUnlessAnySetSql(counterKey: string, ttlSeconds: number, lockKeys: string[]): SQL {
  if (lockKeys.length === 0) return incrementSql(counterKey, ttlSeconds);
  return incrementSql(
    counterKey,
    ttlSeconds,
    sql`not exists (select 1 from kv_entries where key in (${sql.join(
      lockKeys.map((k) => sql`${k}`),
      sql`, `,
    )}) and (expires_at is null or expires_at > now()))`,
  );
}

/**
 * The counter upsert of PostgresKv.increment, answering `value` and `ttl`; with `onlyIf`, a condition the insert
 * needs (when it is false the statement writes nothing and answers no row).
 */
function incrementSql(key: string, ttlSeconds: number, onlyIf?: SQL): SQL {
  // clock_timestamp(), not now(): now() is when the statement began, and a statement that waited for
  // a concurrent increment's row lock would judge expiry by a stale clock and report a TTL above
  // ttlSeconds (the window was opened, by the other statement, after this one began). The update
  // reads the clock once, so the value and the window are reset together or not at all. A key set
  // without a TTL gets the window at its first increment, as Redis's `EXPIRE … NX` gives it one.
  // Every counter here is a rate limit or a failure count, kept as Redis (the other store) keeps it: without waiting
  // for the disk. The statement's own transaction commits with synchronous_commit off (set in it, for it alone; the
  // setting does not outlive the transaction): other requests see the count at once all the same, and a crash of the
  // database within a fraction of a second could lose the last counts. Waiting for the flush held the counter's row
  // lock for it and added its time (1–3 ms here) to every API-key request.
  return sql`
        insert into kv_entries as kv (key, value, expires_at)
        select ${key}, '1'::jsonb, clock_timestamp() + make_interval(secs => ${ttlSeconds})
          from (select set_config('synchronous_commit', 'off', true)) as without_waiting_for_the_disk
        ${onlyIf ? sql`where ${onlyIf}` : sql``}
        on conflict (key) do update set (value, expires_at) = (
          select case when kv.expires_at is not null and kv.expires_at <= c.at then '1'::jsonb
                      else to_jsonb((kv.value #>> '{}')::bigint + 1) end,
                 case when kv.expires_at is null or kv.expires_at <= c.at
                      then c.at + make_interval(secs => ${ttlSeconds}) else kv.expires_at end
          from (select clock_timestamp() as at) c)
        returning (value #>> '{}')::int as value,
                  greatest(0, ceil(extract(epoch from (expires_at - clock_timestamp()))))::int as ttl`;
}

type UpstashClient = import('@upstash/redis').Redis;

export class UpstashKv implements KvStore {
  readonly kind = 'upstash' as const;
  constructor(private readonly redis: UpstashClient) {}

  static async connect(url: string, token: string): Promise<UpstashKv> {
    const { Redis } = await import('@upstash/redis');
    return new UpstashKv(
      new Redis({
        url,
        token,
        automaticDeserialization: false,
        retry: { retries: 1, backoff: () => 50 },
        // A fresh signal per request: an Upstash that stops answering costs a request at most this long.
        signal: () => AbortSignal.timeout(UPSTASH_TIMEOUT_MS),
      }),
    );
  }

  async get<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get<string>(key);
    return raw === null || raw === undefined ? null : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, options: { ttlSeconds?: number; onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    const json = JSON.stringify(value);
    const ex = options.ttlSeconds ? { ex: options.ttlSeconds } : {};
    const result = options.onlyIfAbsent ? await this.redis.set(key, json, { ...ex, nx: true }) : await this.redis.set(key, json, ex);
    return result === 'OK';
  }

  async increment(key: string, ttlSeconds: number): Promise<{ value: number; ttlSeconds: number }> {
    const [value, , ttl] = await this.redis.pipeline().incr(key).expire(key, ttlSeconds, 'NX').ttl(key).exec<[number, number, number]>();
    return { value: Number(value), ttlSeconds: Math.max(0, Number(ttl)) };
  }

  async incrementUnlessAnySet(
    counterKey: string,
    ttlSeconds: number,
    lockKeys: string[],
  ): Promise<{ value: number; ttlSeconds: number } | null> {
    if (lockKeys.length > 0 && (await this.redis.exists(...lockKeys)) > 0) return null;
    return this.increment(counterKey, ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}

/** How long one Upstash request (with its one retry) may take before it counts as unreachable. */
const UPSTASH_TIMEOUT_MS = 2_000;
/** After Upstash failed, how long calls go straight to Postgres before Upstash is tried again. */
const UPSTASH_RETRY_AFTER_MS = 15_000;

/**
 * Upstash first; when a call to it fails (unreachable, timed out, answering errors), that call and every call
 * for the next UPSTASH_RETRY_AFTER_MS run on the Postgres store instead, then Upstash is tried again. One
 * warning when an outage starts, one info line when Upstash answers again. Keys written during the outage
 * live in Postgres (and expire there): a rate-limit window may restart when the store switches back.
 * `kind` is the store calls go to right now.
 */
export class FallbackKv implements KvStore {
  private retryAt = 0;
  private down = false;

  constructor(
    readonly primary: KvStore,
    readonly fallback: PostgresKv,
    private readonly retryAfterMs = UPSTASH_RETRY_AFTER_MS,
  ) {}

  get kind(): KvStore['kind'] {
    return this.down ? this.fallback.kind : this.primary.kind;
  }

  /** True while calls go to the Postgres fallback. */
  get degraded(): boolean {
    return this.down;
  }

  private async run<T>(call: (kv: KvStore) => Promise<T>): Promise<T> {
    if (this.down && Date.now() < this.retryAt) return call(this.fallback);
    let result: T;
    try {
      result = await call(this.primary);
    } catch (error) {
      this.retryAt = Date.now() + this.retryAfterMs;
      if (!this.down) {
        this.down = true;
        logger.warn(
          { err: { message: (error as Error).message }, retryAfterMs: this.retryAfterMs },
          'kv: Upstash Redis unreachable, using the PostgreSQL kv store until it answers again',
        );
      }
      return call(this.fallback);
    }
    if (this.down) {
      this.down = false;
      logger.info('kv: Upstash Redis answers again, back from the PostgreSQL kv store');
    }
    return result;
  }

  get<T>(key: string): Promise<T | null> {
    return this.run((kv) => kv.get<T>(key));
  }

  set(key: string, value: unknown, options?: { ttlSeconds?: number; onlyIfAbsent?: boolean }): Promise<boolean> {
    return this.run((kv) => kv.set(key, value, options));
  }

  increment(key: string, ttlSeconds: number): Promise<{ value: number; ttlSeconds: number }> {
    return this.run((kv) => kv.increment(key, ttlSeconds));
  }

  incrementUnlessAnySet(counterKey: string, ttlSeconds: number, lockKeys: string[]): Promise<{ value: number; ttlSeconds: number } | null> {
    return this.run((kv) => kv.incrementUnlessAnySet(counterKey, ttlSeconds, lockKeys));
  }

  delete(key: string): Promise<void> {
    return this.run((kv) => kv.delete(key));
  }

  ping(): Promise<void> {
    return this.run((kv) => kv.ping());
  }

  /** The fallback table's expired entries (Redis expires its own). */
  purgeExpired(): Promise<number> {
    return this.fallback.purgeExpired();
  }
}

// One store per process, shared by every module graph (Next bundles each route apart): callers test what it
// can do (`degraded`, `purgeExpired`), not its class, since `instanceof` differs between bundles.
const store = globalThis as unknown as { __custosKv?: Promise<KvStore> };

/** The process's kv store, chosen by configuration: Upstash (falling back to Postgres) or Postgres. */
export function getKv(): Promise<KvStore> {
  if (!store.__custosKv) {
    const url = process.env.UPSTASH_REDIS_REST_URL;
    const token = process.env.UPSTASH_REDIS_REST_TOKEN;
    store.__custosKv =
      url && token
        ? UpstashKv.connect(url, token).then((upstash) => new FallbackKv(upstash, new PostgresKv()))
        : Promise.resolve(new PostgresKv());
  }
  return store.__custosKv;
}

export function resetKv(): void {
  store.__custosKv = undefined;
}
