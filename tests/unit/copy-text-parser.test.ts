import { describe, expect, it } from 'vitest';
import { CopyTextParser } from '@/lib/audit/copy-rows';

/** Rows parsed from `chunks`, each row copied (the parser reuses its array). */
function parse(fieldCount: number, chunks: Buffer[]): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const parser = new CopyTextParser(fieldCount, (fields) => rows.push([...fields]));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return rows;
}

describe("COPY's text format", () => {
  // As PostgreSQL writes it: \N for null, and a backslash before b f n r t v, a backslash and the delimiter.
  const text = 'a\t\\N\t\n1\tsay "hi" \\\\ back\\\\slash\tline\\nbreak\\ttab\\rcr\\b\\f\\v\n\\N\tZürich — 東京 😀\t\\\\N\n';
  const rows = [
    ['a', null, ''],
    ['1', 'say "hi" \\ back\\slash', 'line\nbreak\ttab\rcr\b\f\v'],
    [null, 'Zürich — 東京 😀', '\\N'],
  ];

  it('splits fields on tabs and rows on newlines, reads \\N as null and undoes the escapes', () => {
    expect(parse(3, [Buffer.from(text)])).toEqual(rows);
  });

  it('gives the same rows however the bytes are split into chunks (inside a row, an escape or a UTF-8 character)', () => {
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse(3, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(rows);
    }
    expect(
      parse(
        3,
        [...bytes].map((byte) => Buffer.from([byte])),
      ),
    ).toEqual(rows);
  });

  it('refuses data that ends inside a row or a row with too few fields', () => {
    expect(() => parse(3, [Buffer.from('a\tb\tc\nd\te')])).toThrow(/ended inside a row/);
    expect(() => parse(3, [Buffer.from('a\tb\n')])).toThrow(/fewer than 3 fields/);
  });
});
