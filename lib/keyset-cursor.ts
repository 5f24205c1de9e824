import { sql, type SQLWrapper } from 'drizzle-orm';
import { validationFailed } from '@/lib/errors';

/**
 * Opaque keyset cursors, for every list: base64url JSON of where the next page starts (the last row's sort key and
 * id). A cursor that does not decode to what the list gives out is 400 naming `query.cursor`.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The cursor's value when `check` accepts it; otherwise 400 naming `query.cursor`. No cursor, no value. */
export function decodeCursor<T>(cursor: string, check: (value: unknown) => value is T): T;
export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined;
export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list.' }], 'Invalid query.');
}

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `[name, id]` cursors for lists ordered by a text column and the id. */
export const encodeNameCursor = (name: string, id: string): string => encodeCursor([name, id]);

export function decodeNameCursor(cursor: string | undefined): { name: string; id: string } | null {
  const value = decodeCursor(
    cursor,
    (v): v is [string, string] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && isUuid(v[1]),
  );
  return value ? { name: value[0], id: value[1] } : null;
}

/**
 * `[sort, key, id]` cursors for lists with a choice of order (`?sort=`): `key` is the last row's value of the sort
 * column as text (null where the order puts nulls last). A cursor of another order is 400 too.
 */
export const encodeSortCursor = (sort: string, key: string | null, id: string): string => encodeCursor([sort, key, id]);

export function decodeSortCursor<K extends string | null>(
  cursor: string,
  sort: string,
  isKey: (key: unknown) => key is K,
): { key: K; id: string } {
  const [, key, id] = decodeCursor(
    cursor,
    (v): v is [string, K, string] => Array.isArray(v) && v.length === 3 && v[0] === sort && isKey(v[1]) && isUuid(v[2]),
  );
  return { key, id };
}

const CURSOR_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

/** A timestamp column as a cursor key: UTC text to the microsecond (a JS Date would drop Postgres's last three digits). */
export const cursorTime = (column: SQLWrapper) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
/** A cursor key of `cursorTime` back into a timestamptz for the keyset comparison. */
export const cursorTimeValue = (key: string) => sql`${key}::timestamp at time zone 'UTC'`;
export const isText = (key: unknown): key is string => typeof key === 'string';
export const isCursorTime = (key: unknown): key is string => typeof key === 'string' && CURSOR_TIME.test(key);
export const isCursorTimeOrNull = (key: unknown): key is string | null => key === null || isCursorTime(key);
