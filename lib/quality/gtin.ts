/**
 * GS1 identifiers of batches. A GTIN-14 ends in a check digit: weight the 13 data digits 3, 1, 3, … from
 * the right, and the check digit brings the sum to a multiple of 10 (GS1 General Specifications 7.9).
 * A batch number is GS1 Application Identifier (10): up to 20 characters of GS1 character set 82.
 */

/** The check digit for the data digits of a GS1 key (all but the last digit of a GTIN). */
export function gs1CheckDigit(data: string): number {
  if (!/^\d+$/.test(data)) throw new Error('GS1 data digits only');
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const digit = data.charCodeAt(data.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True for 14 digits whose last is the right GS1 check digit. */
export function isValidGtin14(gtin: string): boolean {
  return /^\d{14}$/.test(gtin) && gs1CheckDigit(gtin.slice(0, 13)) === Number(gtin[13]);
}

/** GS1 character set 82 (the characters allowed in AI (10) batch/lot numbers). */
export const GS1_AI10_PATTERN = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

export function isValidBatchNumber(value: string): boolean {
  return GS1_AI10_PATTERN.test(value);
}
