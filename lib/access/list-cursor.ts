import { sql, type SQLWrapper } from 'drizzle-orm';
import { validationFailed } from '@/lib/errors';

/** Opaque keyset cursors `(name, id)` for lists ordered by name: base64url JSON. A bad cursor is 400 naming `query.cursor`. */
export function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { name: string; id: string } | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list.' }], 'Invalid query.');
}

/**
 * Opaque keyset cursors `[sort, key, id]` for lists with a choice of order (`?sort=`): `key` is the last row's value
 * of the sort column as text (null where the order puts nulls last). A cursor of another order, or not from this
 * list, is 400 naming `query.cursor`.
 */
export function encodeSortCursor(sort: string, key: string | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

export function decodeSortCursor<K extends string | null>(cursor: string, sort: string, isKey: (key: unknown) => key is K): { key: K; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 3 && value[0] === sort && isKey(value[1]) && typeof value[2] === 'string' && UUID.test(value[2])) {
      return { key: value[1], id: value[2] };
    }
  } catch {
    // fall through
  }
  throw validationFailed([{ path: 'query.cursor', message: 'Not a cursor from this list in this order.' }], 'Invalid query.');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

/** A timestamp column as a cursor key: UTC text to the microsecond (a JS Date would drop Postgres's last three digits). */
export const cursorTime = (column: SQLWrapper) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
/** A cursor key of `cursorTime` back into a timestamptz for the keyset comparison. */
export const cursorTimeValue = (key: string) => sql`${key}::timestamp at time zone 'UTC'`;
export const isText = (key: unknown): key is string => typeof key === 'string';
export const isCursorTime = (key: unknown): key is string => typeof key === 'string' && CURSOR_TIME.test(key);
export const isCursorTimeOrNull = (key: unknown): key is string | null => key === null || isCursorTime(key);
