import type { Sql } from 'postgres';
import { getDbHandle, type Queryable } from '@/db/client';

/**
 * Reading many rows as PostgreSQL's COPY text, parsed here: for the audit trail's long walks (verify, export), where
 * postgres.js's per-row work (a result object per row, a decode per field, the result array) was most of Node's time.
 * COPY TO STDOUT sends each row as one line, `\t` between fields, `\N` for null, and backslash escapes in text; the
 * socket's flow control holds the server back while Node parses, so memory holds a chunk whatever the result's length.
 *
 * Only on PostgreSQL (postgres.js). PGlite cannot stream COPY to its caller: there `copyRowsSupported` is false and the
 * caller reads the rows with ordinary queries.
 */

/** The postgres.js connection behind a drizzle database or transaction (drizzle keeps it as `session.client`). */
function rawClient(db: Queryable): Sql {
  const client = (db as unknown as { session?: { client?: Sql } }).session?.client;
  if (!client || typeof client.unsafe !== 'function') throw new Error('copyRows: not a postgres.js database');
  return client;
}

/** Whether copyRows can run here: the process's database is PostgreSQL (postgres.js). */
export async function copyRowsSupported(): Promise<boolean> {
  return (await getDbHandle()).kind === 'postgres';
}

/**
 * Run `copy (<select>) to stdout` on `db` — on a transaction, in that transaction: same connection, same role and
 * settings, so row-level security applies as to any query — and call `onRow` with each row's fields in order (null
 * for `\N`). The array is reused from row to row: read it in `onRow`, do not keep it. COPY takes no parameters, so
 * `select` must be complete SQL; callers build it only from constants and values they have checked (a uuid, an integer).
 * When `onRow` throws, the rest of the rows are read and dropped (the connection is in COPY until the last row) and
 * the error is thrown then.
 */
export async function copyRows(
  db: Queryable,
  select: string,
  fieldCount: number,
  onRow: (fields: (string | null)[]) => void,
): Promise<void> {
  const stream = await rawClient(db).unsafe(`copy (${select}) to stdout`).readable();
  const parser = new CopyTextParser(fieldCount, onRow);
  const failure: { error?: unknown; failed: boolean } = { failed: false };
  await new Promise<void>((resolve, reject) => {
    // Flowing mode, each chunk parsed as it arrives: the stream never buffers past its mark, so postgres.js never
    // pauses the socket. (Read with `for await`, the stream paused and resumed the socket for every few rows, and the
    // connection then stood idle most of the time: 14,000 rows/s instead of over 100,000.) The socket's own flow
    // control holds the server back while a chunk is being parsed and hashed, so memory stays at a chunk.
    stream.on('data', (chunk: Buffer) => {
      if (failure.failed) return; // read on to the end: the connection stays in COPY until the server has sent every row
      try {
        parser.push(chunk);
      } catch (error) {
        failure.failed = true;
        failure.error = error;
      }
    });
    stream.once('end', () => {
      // postgres.js pauses the connection's socket when a COPY row finds the stream's buffer full, and resumes it from
      // the stream's read(). When that row was the last one, the stream ends without read() being called again and
      // the socket stays paused: the connection's next answer (the transaction's COMMIT) is never read and the
      // request hangs. Found under load in tests/integration/concurrency.test.ts; resuming here is harmless otherwise.
      (stream as unknown as { _read(size: number): void })._read(0);
      resolve();
    });
    stream.once('error', reject);
  });
  if (failure.failed) throw failure.error;
  parser.end();
}

/**
 * COPY's text format, fed in chunks of any size (a chunk may end inside a row or inside a UTF-8 character). Lines
 * are split on the newline byte, which never occurs inside a multi-byte character and which COPY writes as `\n`
 * inside a value, so only whole lines are decoded.
 */
export class CopyTextParser {
  private readonly fields: (string | null)[];
  private rest: Buffer | null = null;

  constructor(
    private readonly fieldCount: number,
    private readonly onRow: (fields: (string | null)[]) => void,
  ) {
    this.fields = new Array<string | null>(fieldCount).fill(null);
  }

  push(chunk: Buffer): void {
    let data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      this.rest = data;
      return;
    }
    if (end < data.length - 1) {
      this.rest = Buffer.from(data.subarray(end + 1)); // a copy: the chunk's buffer may be reused by the reader
      data = data.subarray(0, end + 1);
    }
    this.lines(data.toString('utf8'));
  }

  /** The input ended: it must have ended with a whole line. */
  end(): void {
    if (this.rest && this.rest.length > 0) throw new Error('COPY data ended inside a row');
  }

  private lines(text: string): void {
    const { fields, fieldCount } = this;
    let at = 0;
    while (at < text.length) {
      for (let i = 0; i < fieldCount; i++) {
        const last = i === fieldCount - 1;
        const stop = text.indexOf(last ? '\n' : '\t', at);
        if (stop < 0) throw new Error(`COPY row with fewer than ${fieldCount} fields`);
        fields[i] = field(text, at, stop);
        at = stop + 1;
      }
      this.onRow(fields);
    }
  }
}

/** One field of a line, `text[from, to)`: `\N` is null; backslash escapes are undone (rare: most values have none). */
function field(text: string, from: number, to: number): string | null {
  const value = text.slice(from, to);
  if (value.indexOf('\\') < 0) return value;
  if (value === '\\N') return null;
  return value.replace(ESCAPE, unescapeOne);
}

// What COPY TO writes (PostgreSQL's CopyAttributeOutText): a backslash before b f n r t v for those controls, and
// before a backslash or the delimiter. (Octal and hex escapes are read by COPY FROM but never written.)
const ESCAPE = /\\(.)/gs;
const CONTROLS: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const unescapeOne = (_: string, char: string) => CONTROLS[char] ?? char;
