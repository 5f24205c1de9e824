import { scientific, serialCount } from './serial-status';

/** Delegated Regulation (EU) 2016/161 art. 4(b): the chance of guessing a serial must be below 1 in 10,000. */
const FMD_LIMIT = 1 / 10_000;

/** A power of ten as "2.9 × 10" with the exponent raised (the text reads "2.9 × 10^12"). */
function Power({ value }: { value: number }) {
  const text = scientific(value);
  const m = /^(.*) × 10\^(-?\d+)$/.exec(text);
  if (!m) return <>{text}</>;
  return (
    <span className="whitespace-nowrap tabular-nums">
      <span className="sr-only">{text.replace('^', ' to the power of ')}</span>
      <span aria-hidden="true">
        {m[1]} × 10<sup>{m[2]}</sup>
      </span>
    </span>
  );
}

/**
 * The guessing probability of the batch in words and numbers: `total / 32^12` (lib/serials/format.ts
 * `guessingProbability`, computed by the server), as "1 in N" and against the EU FMD's limit.
 */
export function GuessingProbability({ total, probability }: { total: number; probability: number }) {
  if (total === 0 || probability === 0) {
    return (
      <p data-testid="guessing-probability">
        <span className="font-medium text-foreground">Guessing probability: nothing to guess yet.</span> Serials are 12 random characters
        from 32 (32
        <sup>12</sup> ≈ 1.2 × 10<sup>18</sup> possible), so a random guess hits one of this batch&apos;s serials with a chance of count / 32
        <sup>12</sup>.
      </p>
    );
  }
  const oneIn = 1 / probability;
  return (
    <p data-testid="guessing-probability" data-probability={probability}>
      <span className="font-medium text-foreground">
        Guessing probability: 1 in <Power value={oneIn} />
      </span>{' '}
      ({serialCount(total)} / 32<sup>12</sup> = <Power value={probability} />
      ). Someone guessing a 12-character serial at random would hit one of this batch&apos;s packs once in <Power value={oneIn} /> tries —{' '}
      {probability < FMD_LIMIT
        ? 'well under the 1 in 10,000 the EU Falsified Medicines Directive requires (Delegated Regulation (EU) 2016/161, art. 4(b)).'
        : 'above the 1 in 10,000 the EU Falsified Medicines Directive allows.'}
    </p>
  );
}
