import { StatusBadge, type BadgeTone } from '@/components/ui/badge';
import type { SerialStatus } from './api';

/** Every serial status with its word and tone (lib/serials/policy.ts): a badge never relies on color alone. */
export const SERIAL_STATUS: Record<SerialStatus, { label: string; tone: BadgeTone; hint: string }> = {
  commissioned: { label: 'Commissioned', tone: 'neutral', hint: 'issued and printed, not yet released' },
  released: { label: 'Released', tone: 'success', hint: 'released for sale' },
  shipped: { label: 'Shipped', tone: 'info', hint: 'on its way through the supply chain' },
  dispensed: { label: 'Dispensed', tone: 'accent', hint: 'handed to a patient (final)' },
  decommissioned: { label: 'Decommissioned', tone: 'warning', hint: 'taken out of the supply chain' },
  sampled: { label: 'Sampled', tone: 'warning', hint: 'taken as a sample (final)' },
  destroyed: { label: 'Destroyed', tone: 'danger', hint: 'destroyed (final)' },
  recalled: { label: 'Recalled', tone: 'danger', hint: 'recalled with its batch or by hand' },
};

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
