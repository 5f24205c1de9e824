import type { BatchStatus } from '@/db/schema/quality';
import type { SerialStatus } from '@/db/schema/serials';

/**
 * The rules of a serialised pack's life, as pure functions and data (no database): the server's status changes
 * (change-status.ts), the batch recall, the job's batch check and the console's status dialog all use these.
 *
 *   commissioned → released → shipped → dispensed
 *   side exits, from commissioned, released or shipped: decommissioned, sampled, destroyed, recalled
 *   recalled → destroyed, decommissioned → destroyed
 *
 * `dispensed`, `sampled` and `destroyed` are final: the pack has left the supply chain.
 */

/** States a pack is still in the supply chain in: the side exits leave from these, and a batch recall recalls them. */
export const IN_CIRCULATION: readonly SerialStatus[] = ['commissioned', 'released', 'shipped'];
const SIDE_EXITS: readonly SerialStatus[] = ['decommissioned', 'sampled', 'destroyed', 'recalled'];

type SerialMove = { from: SerialStatus; to: SerialStatus };

export const SERIAL_MOVES: readonly SerialMove[] = [
  { from: 'commissioned', to: 'released' },
  { from: 'released', to: 'shipped' },
  { from: 'shipped', to: 'dispensed' },
  ...IN_CIRCULATION.flatMap((from) => SIDE_EXITS.map((to) => ({ from, to }))),
  { from: 'recalled', to: 'destroyed' },
  { from: 'decommissioned', to: 'destroyed' },
];

/** The states a serial may move to `to` from (empty: nothing leads there, e.g. `commissioned`). */
export function serialMovesInto(to: SerialStatus): SerialStatus[] {
  return SERIAL_MOVES.filter((m) => m.to === to).map((m) => m.from);
}

export function serialMovesFrom(from: SerialStatus): SerialStatus[] {
  return SERIAL_MOVES.filter((m) => m.from === from).map((m) => m.to);
}

/** Every status some move leads to, in lifecycle order. */
const REACHABLE: readonly SerialStatus[] = [...new Set(SERIAL_MOVES.map((m) => m.to))];

/**
 * The statuses a selection may be moved to: for listed serials (their current statuses) those every one of them
 * may reach; for a range of serials (`'range'`) any status something leads to — the server then names the serials
 * that block.
 */
export function serialTargetsFor(current: readonly SerialStatus[] | 'range'): SerialStatus[] {
  if (current === 'range') return [...REACHABLE];
  const statuses = [...new Set(current)];
  return REACHABLE.filter((to) => statuses.every((from) => serialMovesFrom(from).includes(to)));
}

/** Batches that may get serials: any but a rejected or recalled one (its packs must never enter the supply chain). */
export const SERIALIZABLE_BATCH_STATUSES: ReadonlySet<BatchStatus> = new Set<BatchStatus>([
  'planned',
  'in_production',
  'quarantined',
  'under_review',
  'released',
]);

/**
 * Why a batch cannot get serials now, in the words the server's 409 uses and the console shows (null: it can): it
 * needs a GTIN (a serial is unique per GTIN), and a rejected or recalled batch's packs must never enter the supply
 * chain.
 */
export function whyNoSerials(batch: { gtin: string | null; status: string }): string | null {
  if (!batch.gtin) {
    return 'This batch has no GTIN. A serial is unique per GTIN, so the batch needs one (14 digits, GS1 check digit) before serials can be generated.';
  }
  if (!SERIALIZABLE_BATCH_STATUSES.has(batch.status as BatchStatus)) {
    return `This batch is ${batch.status}: its packs must never enter the supply chain, so it takes no serials.`;
  }
  return null;
}
