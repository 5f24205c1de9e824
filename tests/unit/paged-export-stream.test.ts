import { describe, expect, it } from 'vitest';
import { pagedExportStream } from '@/lib/http/export-file';

type Row = { name: string };

/** A stream over `pages`, read to the end as a client would, decoded as UTF-8. */
async function download(format: 'csv' | 'json', pages: Row[][]): Promise<string> {
  let page = 0;
  const stream = pagedExportStream<Row>({
    format,
    csvHeader: () => 'name\r\n',
    csvLine: (row) => `${row.name}\r\n`,
    jsonItem: (row) => ({ name: row.name }),
    nextPage: async () => ({ rows: pages[page] ?? [], last: ++page >= pages.length }),
    logContext: () => ({}),
    failure: 'test export failed',
  });
  return new Response(stream).text();
}

describe('pagedExportStream (lib/http/export-file.ts)', () => {
  // Pages larger than the first buffer, and text of 1- to 4-byte UTF-8 characters: the page's bytes grow as needed.
  const long = 'x'.repeat(70_000);
  const pages: Row[][] = [
    [{ name: 'Zoë' }, { name: '€ 5' }, { name: long }],
    [{ name: '😀 and 中文' }, { name: long + 'é'.repeat(30_000) }],
  ];

  it('writes CSV: the header, then each row, every character as UTF-8', async () => {
    const expected = `name\r\n${pages
      .flat()
      .map((r) => `${r.name}\r\n`)
      .join('')}`;
    expect(await download('csv', pages)).toBe(expected);
  });

  it('writes a JSON array of the items', async () => {
    const text = await download('json', pages);
    expect(JSON.parse(text)).toEqual(pages.flat());
    expect(text.endsWith('\n]\n')).toBe(true);
  });

  it('writes an empty array and a header-only CSV when there is nothing', async () => {
    expect(await download('json', [[]])).toBe('[]\n');
    expect(await download('csv', [[]])).toBe('name\r\n');
  });
});
