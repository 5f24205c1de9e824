import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, isValidBatchNumber, isValidGtin14 } from '@/lib/quality/gtin';
import { createBatchSchema } from '@/lib/quality/schemas';

// GS1 check digits (General Specifications 7.9.1), with GTINs from GS1's own examples.
describe('GS1 check digit', () => {
  it.each([
    ['0950600013435', 2],
    ['1234567890123', 1],
    ['0001234560001', 2],
    ['0000000000000', 0],
    ['0000000000001', 7],
    ['0000000000010', 9],
    ['9999999999999', 7],
  ])('%s → %i', (data, digit) => {
    expect(gs1CheckDigit(data)).toBe(digit);
  });

  it('accepts 14 digits with the right check digit and nothing else', () => {
    expect(isValidGtin14('09506000134352')).toBe(true);
    expect(isValidGtin14('12345678901231')).toBe(true);
    expect(isValidGtin14('09506000134353')).toBe(false); // wrong check digit
    expect(isValidGtin14('9506000134352')).toBe(false); // 13 digits
    expect(isValidGtin14('095060001343520')).toBe(false); // 15 digits
    expect(isValidGtin14('0950600013435A')).toBe(false);
    expect(() => gs1CheckDigit('12a')).toThrow();
  });

  it('every wrong last digit of a valid GTIN is refused', () => {
    for (let d = 0; d <= 9; d++) expect(isValidGtin14(`0950600013435${d}`)).toBe(d === 2);
  });
});

describe('GS1 AI (10) batch numbers', () => {
  it('take up to 20 characters of GS1 set 82', () => {
    expect(isValidBatchNumber('A')).toBe(true);
    expect(isValidBatchNumber('LOT-2026/07.a_b')).toBe(true);
    expect(isValidBatchNumber(`!"%&'()*+,-./:;<=>?_`)).toBe(true);
    expect(isValidBatchNumber('X'.repeat(20))).toBe(true);
    expect(isValidBatchNumber('X'.repeat(21))).toBe(false);
    expect(isValidBatchNumber('')).toBe(false);
    expect(isValidBatchNumber('LOT 1')).toBe(false); // space
    expect(isValidBatchNumber('LOT#1')).toBe(false);
    expect(isValidBatchNumber('LÖT1')).toBe(false);
  });

  it('the batch schema names the field', () => {
    const result = createBatchSchema.safeParse({
      batchNumber: 'LOT 1',
      productName: 'P',
      gtin: '09506000134353',
      siteId: 'x',
      plannedQuantity: 0,
      expiresOn: '2028-02-30',
      colour: 'red',
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toEqual(
      expect.arrayContaining(['batchNumber', 'productName', 'gtin', 'siteId', 'plannedQuantity', 'expiresOn', 'unrecognized_keys']),
    );
  });
});
