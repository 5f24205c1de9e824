import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';

/**
 * Row counts of every table in the public schema, read on the tests' own connection (the database owner /
 * superuser, so row-level security hides nothing), for the sweeps' "nothing was written" checks.
 *
 * Left out, because any request may legitimately add to it whatever its input:
 * - kv_entries: rate-limit counters (API-key prefixes, sign-in attempts) and idempotency records of the
 *   Postgres kv fallback. They are counted before the body is validated on purpose (a flood of bad requests
 *   is still a flood), and they are not records of the product.
 * Everything else (sessions, audit events, outbox mail, …) must not gain or lose a row on bad input. A
 * session's lastSeenAt moving is an UPDATE, not a row-count change, and is not checked here.
 */
export const ROW_COUNT_EXCLUDED = new Set(['kv_entries']);

let tables: string[] | null = null;

async function publicTables(): Promise<string[]> {
  if (tables) return tables;
  const db = await getDb();
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`),
  );
  tables = rows.map((r) => r.name).filter((name) => !ROW_COUNT_EXCLUDED.has(name));
  return tables;
}

export type RowCounts = Record<string, number>;

/** `{ table: rows }` for every public table but the excluded ones, in one statement. */
export async function rowCounts(): Promise<RowCounts> {
  const names = await publicTables();
  const db = await getDb();
  const union = sql.join(
    names.map((name) => sql`select ${name} as name, count(*)::int as n from ${sql.identifier(name)}`),
    sql` union all `,
  );
  const rows = rowsOf<{ name: string; n: number }>(await db.execute(union));
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

/** The tables whose count differs, as `table: before → after`; empty when nothing was written. */
export function countChanges(before: RowCounts, after: RowCounts): string[] {
  return Object.keys({ ...before, ...after })
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name]} → ${after[name]}`);
}

/** How many rows of any public table contain `text` (in their text form): where an accepted payload was stored. */
export async function rowsContaining(text: string): Promise<Record<string, number>> {
  const names = await publicTables();
  const db = await getDb();
  const union = sql.join(
    names.map((name) => sql`select ${name} as name, count(*)::int as n from ${sql.identifier(name)} x where strpos(x::text, ${text}) > 0`),
    sql` union all `,
  );
  const rows = rowsOf<{ name: string; n: number }>(await db.execute(union));
  return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [r.name, Number(r.n)]));
}
