import { describe, expect, it } from 'vitest';
import { LEVEL_II_CODE_LETTERS, SAMPLE_SIZES, sampleSizeFor } from '@/lib/quality/sample-size';

// ISO 2859-1:1999 Table 1 (general inspection level II) and Table 2-A (single sampling, normal inspection),
// at both edges of every lot-size range.
const TABLE: Array<[number, number, string, number]> = [
  [2, 8, 'A', 2],
  [9, 15, 'B', 3],
  [16, 25, 'C', 5],
  [26, 50, 'D', 8],
  [51, 90, 'E', 13],
  [91, 150, 'F', 20],
  [151, 280, 'G', 32],
  [281, 500, 'H', 50],
  [501, 1200, 'J', 80],
  [1201, 3200, 'K', 125],
  [3201, 10000, 'L', 200],
  [10001, 35000, 'M', 315],
  [35001, 150000, 'N', 500],
  [150001, 500000, 'P', 800],
];

describe('ISO 2859-1 sample sizes, general inspection level II', () => {
  it.each(TABLE)('lots of %i to %i: code letter %s, sample %i', (min, max, letter, size) => {
    for (const lot of [min, max])
      expect(sampleSizeFor(lot)).toEqual({ lotSize: lot, inspectionLevel: 'II', codeLetter: letter, sampleSize: size });
    if (min > 2) expect(sampleSizeFor(min - 1).codeLetter).not.toBe(letter);
    expect(sampleSizeFor(max + 1).codeLetter).not.toBe(letter);
  });

  it('500,001 and over: code letter Q, sample 1250', () => {
    for (const lot of [500001, 1_000_000, 50_000_000]) expect(sampleSizeFor(lot)).toMatchObject({ codeLetter: 'Q', sampleSize: 1250 });
  });

  it('the written table has no gaps or overlaps and never samples more than the lot', () => {
    for (let i = 1; i < LEVEL_II_CODE_LETTERS.length; i++) expect(LEVEL_II_CODE_LETTERS[i].min).toBe(LEVEL_II_CODE_LETTERS[i - 1].max! + 1);
    for (const row of LEVEL_II_CODE_LETTERS) expect(SAMPLE_SIZES[row.letter]).toBeLessThanOrEqual(row.min);
  });

  it('refuses lots below 2 and fractions', () => {
    for (const lot of [1, 0, -5, 2.5, Number.NaN]) expect(() => sampleSizeFor(lot)).toThrow(RangeError);
  });
});
