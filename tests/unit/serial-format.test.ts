import { describe, expect, it } from 'vitest';
import { drawSerials, elementString, guessingProbability, isSerial, SERIAL_ALPHABET, SERIAL_PATTERN, yymmdd } from '@/lib/serials/format';
import { SERIAL_MOVES, serialMovesInto } from '@/lib/serials/policy';
import { changeSerialStatusSchema, generateSerialsSchema } from '@/lib/serials/schemas';

const value = (s: string) => [...s].reduce((n, c) => n * 32n + BigInt(SERIAL_ALPHABET.indexOf(c)), 0n);

describe('serial format', () => {
  it('uses the 32-character alphabet without I, L, O, U', () => {
    expect(SERIAL_ALPHABET).toHaveLength(32);
    expect(new Set(SERIAL_ALPHABET).size).toBe(32);
    for (const c of 'ILOU') expect(SERIAL_ALPHABET).not.toContain(c);
    // The pattern (also the database's check constraint) accepts exactly the alphabet.
    for (let code = 32; code < 127; code++) {
      const c = String.fromCharCode(code);
      expect(SERIAL_PATTERN.test(c.repeat(12)), c).toBe(SERIAL_ALPHABET.includes(c));
    }
  });

  it('draws 12-character serials of the alphabet only', () => {
    const drawn = drawSerials(20_000);
    expect(drawn).toHaveLength(20_000);
    for (const s of drawn) expect(isSerial(s), s).toBe(true);
    expect(isSerial('0123456789AB')).toBe(true);
    expect(isSerial('0123456789A')).toBe(false);
    expect(isSerial('0123456789AI')).toBe(false);
    expect(isSerial('0123456789ab')).toBe(false);
  });

  it('is uniform over the alphabet in every position (chi-square)', () => {
    const n = 64_000;
    const drawn = drawSerials(n);
    // 31 degrees of freedom: the 99.99th percentile of chi-square is about 66; a biased draw (modulo, skipped bits) lands far above.
    for (let pos = 0; pos < 12; pos++) {
      const counts = new Array(32).fill(0);
      for (const s of drawn) counts[SERIAL_ALPHABET.indexOf(s[pos])]++;
      const expected = n / 32;
      const chi = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      expect(chi, `position ${pos}`).toBeLessThan(75);
    }
  });

  it('is not sequential: no two consecutive serials differ by one, and no repeats', () => {
    const drawn = drawSerials(50_000);
    expect(new Set(drawn).size).toBe(drawn.length);
    let near = 0;
    for (let i = 1; i < drawn.length; i++) {
      const d = value(drawn[i]) - value(drawn[i - 1]);
      if (d === 1n || d === -1n) near++;
    }
    expect(near).toBe(0);
    // And not sorted: about half of the neighbours go up.
    const up = drawn.slice(1).filter((s, i) => s > drawn[i]).length;
    expect(up / drawn.length).toBeGreaterThan(0.45);
    expect(up / drawn.length).toBeLessThan(0.55);
  });

  it('states a guessing probability far below 1/10,000', () => {
    expect(guessingProbability(1_000_000)).toBeCloseTo(1_000_000 / 2 ** 60, 20);
    expect(guessingProbability(1_000_000)).toBeLessThan(1e-4);
  });

  it('builds the GS1 element string (01)(17)(10)(21)', () => {
    expect(yymmdd('2028-06-30')).toBe('280630');
    expect(elementString({ gtin: '09506000134352', expiresOn: '2028-06-30', batchNumber: 'L2024-01', serial: 'ABC123DEF456' })).toBe(
      '(01)09506000134352(17)280630(10)L2024-01(21)ABC123DEF456',
    );
  });
});

describe('serial inputs and moves', () => {
  it('takes a count from 1 to 1,000,000', () => {
    for (const count of [1, 1_000_000]) expect(generateSerialsSchema.safeParse({ count }).success).toBe(true);
    for (const count of [0, -1, 1_000_001, 2.5, '10', null]) {
      const result = generateSerialsSchema.safeParse({ count });
      expect(result.success, String(count)).toBe(false);
      expect(result.error!.issues[0].path).toEqual(['count']);
    }
    expect(generateSerialsSchema.safeParse({}).error!.issues[0].path).toEqual(['count']);
  });

  it('takes serials or a range, not both, not neither', () => {
    const base = { to: 'released', reason: 'Shipped to wholesaler' };
    expect(changeSerialStatusSchema.safeParse({ ...base, serials: ['0123456789AB'] }).success).toBe(true);
    expect(changeSerialStatusSchema.safeParse({ ...base, range: { from: '0000000000AA', to: 'ZZZZZZZZZZZZ' } }).success).toBe(true);
    expect(changeSerialStatusSchema.safeParse(base).success).toBe(false);
    expect(
      changeSerialStatusSchema.safeParse({ ...base, serials: ['0123456789AB'], range: { from: '0000000000AA', to: 'ZZZZZZZZZZZZ' } })
        .success,
    ).toBe(false);
    expect(changeSerialStatusSchema.safeParse({ ...base, range: { from: 'ZZZZZZZZZZZZ', to: '000000000000' } }).success).toBe(false);
    expect(changeSerialStatusSchema.safeParse({ ...base, serials: ['OOPS'] }).success).toBe(false);
  });

  it('defines the moves once: the chain forward plus the side exits', () => {
    expect(serialMovesInto('released')).toEqual(['commissioned']);
    expect(serialMovesInto('shipped')).toEqual(['released']);
    expect(serialMovesInto('dispensed')).toEqual(['shipped']);
    expect(serialMovesInto('commissioned')).toEqual([]);
    expect(serialMovesInto('recalled').sort()).toEqual(['commissioned', 'released', 'shipped']);
    expect(SERIAL_MOVES.some((m) => m.from === 'dispensed')).toBe(false);
  });
});
