import type { SerialJobStatus, SerialStatus } from '@/db/schema/serials';
import { humanizeValue } from '@/lib/plain-words';

/**
 * The plain words of serialization: each serial status with a word and what it means for the pack, and the
 * generation jobs' statuses. Every value has a word (tests/unit/labels.test.ts).
 */

export const SERIAL_STATUS_LABEL: Record<SerialStatus, string> = {
  commissioned: 'Commissioned',
  released: 'Released',
  shipped: 'Shipped',
  dispensed: 'Dispensed',
  decommissioned: 'Decommissioned',
  sampled: 'Sampled',
  destroyed: 'Destroyed',
  recalled: 'Recalled',
};

/** What the status means for the pack, in a phrase ("issued and printed, not yet released"). */
export const SERIAL_STATUS_HINT: Record<SerialStatus, string> = {
  commissioned: 'issued and printed, not yet released',
  released: 'released for sale',
  shipped: 'on its way through the supply chain',
  dispensed: 'handed to a patient (final)',
  decommissioned: 'taken out of the supply chain',
  sampled: 'taken as a sample (final)',
  destroyed: 'destroyed (final)',
  recalled: 'recalled with its batch or by hand',
};

export const SERIAL_JOB_STATUS_LABEL: Record<SerialJobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
};

/** A serial status in words, for any string (an unknown value reads as words). */
export function serialStatusLabel(status: string): string {
  return Object.hasOwn(SERIAL_STATUS_LABEL, status) ? SERIAL_STATUS_LABEL[status as SerialStatus] : humanizeValue(status);
}
