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
