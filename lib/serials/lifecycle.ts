import type { BatchStatus } from '@/db/schema/quality';
import { SERIAL_STATUSES, type SerialStatus } from '@/db/schema/serials';

/**
 * The life of a serialised pack, defined once as data (it drives the checks of change-status.ts, the batch
 * recall and the API description):
 *
 *   commissioned → released → shipped → dispensed
 *   side exits, from commissioned, released or shipped: decommissioned, sampled, destroyed, recalled
 *   recalled → destroyed, decommissioned → destroyed
 *
 * `dispensed`, `sampled` and `destroyed` are final: the pack has left the supply chain.
 */
export { SERIAL_STATUSES, type SerialStatus };

/** States a pack is still in the supply chain in: the side exits leave from these, and a batch recall recalls them. */
export const IN_CIRCULATION: readonly SerialStatus[] = ['commissioned', 'released', 'shipped'];
const SIDE_EXITS: readonly SerialStatus[] = ['decommissioned', 'sampled', 'destroyed', 'recalled'];

export const SERIAL_MOVES: ReadonlyArray<{ from: SerialStatus; to: SerialStatus }> = [
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

/** Batches that may get serials: any but a rejected or recalled one (its packs must never enter the supply chain). */
export const SERIALIZABLE_BATCH_STATUSES: ReadonlySet<BatchStatus> = new Set<BatchStatus>([
  'planned',
  'in_production',
  'quarantined',
  'under_review',
  'released',
]);

/** The serial lifecycle as a Markdown table (OpenAPI description of the status route). */
export function serialLifecycleMarkdown(): string {
  return [
    '| from | may move to |',
    '| --- | --- |',
    ...SERIAL_STATUSES.map((s) => `| \`${s}\` | ${serialMovesFrom(s).map((t) => `\`${t}\``).join(', ') || '— (final)'} |`),
  ].join('\n');
}
