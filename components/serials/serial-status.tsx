import { StatusBadge, type BadgeTone } from '@/components/ui/badge';
import { SERIAL_STATUS_HINT, SERIAL_STATUS_LABEL } from '@/lib/serials/labels';
import type { SerialStatus } from './api';

const SERIAL_TONE: Record<SerialStatus, BadgeTone> = {
  commissioned: 'neutral',
  released: 'success',
  shipped: 'info',
  dispensed: 'accent',
  decommissioned: 'warning',
  sampled: 'warning',
  destroyed: 'danger',
  recalled: 'danger',
};

/** Every serial status with its word and hint (lib/serials/labels.ts) and its tone: a badge never relies on color alone. */
export const SERIAL_STATUS = Object.fromEntries(
  (Object.keys(SERIAL_TONE) as SerialStatus[]).map((s) => [
    s,
    { label: SERIAL_STATUS_LABEL[s], tone: SERIAL_TONE[s], hint: SERIAL_STATUS_HINT[s] },
  ]),
) as Record<SerialStatus, { label: string; tone: BadgeTone; hint: string }>;

export function SerialStatusBadge({ status, className }: { status: SerialStatus; className?: string }) {
  const s = SERIAL_STATUS[status];
  return <StatusBadge status={status} label={s?.label} tone={s?.tone} className={className} data-testid="serial-status" />;
}

/** `n` in the plain words of a count: "1 serial", "25,000 serials". */
export const serialCount = (n: number) => `${n.toLocaleString('en')} serial${n === 1 ? '' : 's'}`;

/** `x` as "2.9 × 10^12" or "2.2 × 10^-14" (one decimal); plain from 1 to 9,999. */
export function scientific(x: number): string {
  if (x >= 1 && x < 10_000) return Math.round(x).toLocaleString('en');
  if (x === 0 || !Number.isFinite(x)) return String(x);
  let exponent = Math.floor(Math.log10(x));
  let mantissa = Math.round((x / 10 ** exponent) * 10) / 10;
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa.toFixed(1)} × 10^${exponent}`;
}
