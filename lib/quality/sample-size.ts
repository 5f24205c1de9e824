/**
 * ISO 2859-1 sampling, general inspection level II, single sampling, normal inspection: lot size → sample
 * size code letter (Table 1, column II) → sample size (Table 2-A). Written out here, reviewed against the
 * standard, and tested at every boundary (tests/unit/sample-size.test.ts).
 */

type CodeLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L' | 'M' | 'N' | 'P' | 'Q';

/** Table 1, general inspection level II: lot size from `min` to `max` (inclusive; null: and over). */
export const LEVEL_II_CODE_LETTERS: ReadonlyArray<{ min: number; max: number | null; letter: CodeLetter }> = [
  { min: 2, max: 8, letter: 'A' },
  { min: 9, max: 15, letter: 'B' },
  { min: 16, max: 25, letter: 'C' },
  { min: 26, max: 50, letter: 'D' },
  { min: 51, max: 90, letter: 'E' },
  { min: 91, max: 150, letter: 'F' },
  { min: 151, max: 280, letter: 'G' },
  { min: 281, max: 500, letter: 'H' },
  { min: 501, max: 1200, letter: 'J' },
  { min: 1201, max: 3200, letter: 'K' },
  { min: 3201, max: 10000, letter: 'L' },
  { min: 10001, max: 35000, letter: 'M' },
  { min: 35001, max: 150000, letter: 'N' },
  { min: 150001, max: 500000, letter: 'P' },
  { min: 500001, max: null, letter: 'Q' },
];

/** Table 2-A, single sampling plans for normal inspection: sample size of each code letter. */
export const SAMPLE_SIZES: Readonly<Record<CodeLetter, number>> = {
  A: 2,
  B: 3,
  C: 5,
  D: 8,
  E: 13,
  F: 20,
  G: 32,
  H: 50,
  J: 80,
  K: 125,
  L: 200,
  M: 315,
  N: 500,
  P: 800,
  Q: 1250,
};

export type SampleSizePlan = { lotSize: number; inspectionLevel: 'II'; codeLetter: CodeLetter; sampleSize: number };

/** The sample size for a lot (a whole number of at least 2). */
export function sampleSizeFor(lotSize: number): SampleSizePlan {
  if (!Number.isInteger(lotSize) || lotSize < 2) throw new RangeError('ISO 2859-1 starts at a lot size of 2');
  const row = LEVEL_II_CODE_LETTERS.find((r) => lotSize >= r.min && (r.max === null || lotSize <= r.max))!;
  return { lotSize, inspectionLevel: 'II', codeLetter: row.letter, sampleSize: SAMPLE_SIZES[row.letter] };
}
