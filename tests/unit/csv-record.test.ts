import { describe, expect, it } from 'vitest';
import { csvRecord } from '@/lib/http/csv';

describe('csvRecord (lib/http/csv.ts)', () => {
  it('writes cells comma-separated and ends the record with CRLF', () => {
    expect(csvRecord(['a', 'b', 'c'])).toBe('a,b,c\r\n');
    expect(csvRecord([])).toBe('\r\n');
  });

  it('keeps null (empty field) and empty text ("") apart, and writes numbers as they are', () => {
    expect(csvRecord([null, '', undefined, 0, -5, 12.5])).toBe(',"",,0,-5,12.5\r\n');
  });

  it('quotes a cell holding a comma, a quote, CR or LF, doubling its quotes', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '"'])).toBe('"a,b","say ""hi""","two\nlines","cr\rhere",""""\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula with a leading quote', () => {
    expect(csvRecord(["=cmd|' /C calc'!A0", '+1', '-5', '@SUM(A1)', '\tx', '\ry'])).toBe(
      "'=cmd|' /C calc'!A0,'+1,'-5,'@SUM(A1),'\tx,\"'\ry\"\r\n",
    );
    expect(csvRecord(['=A1,B1'])).toBe('"\'=A1,B1"\r\n');
    expect(csvRecord(['a=1', 'x-y', 'mail@host'])).toBe('a=1,x-y,mail@host\r\n');
  });
});
