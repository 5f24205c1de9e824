import { randomBytes } from 'node:crypto';

/**
 * Serial numbers (GS1 AI 21) as Custos issues them: 12 characters from a 32-character alphabet (digits and
 * capital letters without I, L, O and U, which are read as 1, 1, 0 and V), drawn from the operating system's
 * cryptographic generator. 32 is a power of two, so each character is exactly 5 random bits: no modulo bias.
 * 12 × 5 = 60 bits: a batch of a million serials gives a guesser 10^6 / 2^60 ≈ 8.7 × 10^-13 per try, far below
 * the 1/10,000 of Delegated Regulation (EU) 2016/161 art. 4(b).
 */
export const SERIAL_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SERIAL_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;
/** How many different serials there are: 32^12 = 2^60. */
const SERIAL_SPACE = 2 ** 60;

const CHARS = Array.from(SERIAL_ALPHABET);

export function isSerial(value: string): boolean {
  return SERIAL_PATTERN.test(value);
}

/** The chance that one guess hits one of `count` serials of a product: count / 32^12. */
export function guessingProbability(count: number): number {
  return count / SERIAL_SPACE;
}

/**
 * `count` random serials. Each takes 8 random bytes read as two 32-bit words; the low 30 bits of each word
 * make 6 characters (5 bits each), the two top bits are discarded. Duplicates are possible (rarely) and are
 * the database's to refuse: the unique index decides, the generator redraws.
 */
export function drawSerials(count: number): string[] {
  const bytes = randomBytes(count * 8);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const hi = bytes.readUInt32LE(i * 8);
    const lo = bytes.readUInt32LE(i * 8 + 4);
    out[i] =
      CHARS[(hi >>> 25) & 31] +
      CHARS[(hi >>> 20) & 31] +
      CHARS[(hi >>> 15) & 31] +
      CHARS[(hi >>> 10) & 31] +
      CHARS[(hi >>> 5) & 31] +
      CHARS[hi & 31] +
      CHARS[(lo >>> 25) & 31] +
      CHARS[(lo >>> 20) & 31] +
      CHARS[(lo >>> 15) & 31] +
      CHARS[(lo >>> 10) & 31] +
      CHARS[(lo >>> 5) & 31] +
      CHARS[lo & 31];
  }
  return out;
}

/** GS1 AI (17) from an ISO date `YYYY-MM-DD`: `YYMMDD`. */
export function yymmdd(isoDate: string): string {
  const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) throw new Error(`Not an ISO date: ${isoDate}`);
  return `${m[2]}${m[3]}${m[4]}`;
}

/** The GS1 element string of a pack in human-readable form: `(01)GTIN(17)YYMMDD(10)LOT(21)SERIAL`. */
export function elementString(parts: { gtin: string; expiresOn: string; batchNumber: string; serial: string }): string {
  return `(01)${parts.gtin}(17)${yymmdd(parts.expiresOn)}(10)${parts.batchNumber}(21)${parts.serial}`;
}
