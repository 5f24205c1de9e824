import { BATCH_STATUSES, type BatchStatus, type SignatureMeaning } from '@/db/schema/quality';
import type { Permission } from '@/lib/access/permissions';

/**
 * The batch lifecycle, defined once as data: its states, the moves allowed between them, the permission
 * each move needs, and whether it needs a reason and an electronic signature (with which meaning). It drives
 * the checks (lib/quality/transition-batch.ts), the release cockpit and the API documentation.
 *
 *   planned → in_production → quarantined → under_review → released | rejected,   released → recalled
 */
export { BATCH_STATUSES, type BatchStatus };

export type Move = {
  from: BatchStatus;
  to: BatchStatus;
  /** The verb of the audit event: `batch.<action>`. */
  action: string;
  permission: Permission;
  reasonRequired: boolean;
  /** The meaning the signature must carry; null: no signature. */
  signature: SignatureMeaning | null;
  /** Whoever created, corrected or moved the batch, or performed or reviewed one of its inspections, may not make this move (lib/quality/policy.ts). */
  segregated: boolean;
  /** The release guard (an approved, passing release inspection; none awaiting review) must hold. */
  releaseGuard: boolean;
};

export const LIFECYCLE: readonly Move[] = [
  {
    from: 'planned',
    to: 'in_production',
    action: 'production_started',
    permission: 'batches.transition',
    reasonRequired: false,
    signature: null,
    segregated: false,
    releaseGuard: false,
  },
  {
    from: 'in_production',
    to: 'quarantined',
    action: 'quarantined',
    permission: 'batches.transition',
    reasonRequired: false,
    signature: null,
    segregated: false,
    releaseGuard: false,
  },
  {
    from: 'quarantined',
    to: 'under_review',
    action: 'submitted_for_review',
    permission: 'batches.transition',
    reasonRequired: false,
    signature: null,
    segregated: false,
    releaseGuard: false,
  },
  {
    from: 'under_review',
    to: 'released',
    action: 'released',
    permission: 'batches.release',
    reasonRequired: true,
    signature: 'released',
    segregated: true,
    releaseGuard: true,
  },
  {
    from: 'under_review',
    to: 'rejected',
    action: 'rejected',
    permission: 'batches.release',
    reasonRequired: true,
    signature: 'rejected',
    segregated: true,
    releaseGuard: false,
  },
  {
    from: 'released',
    to: 'recalled',
    action: 'recalled',
    permission: 'batches.release',
    reasonRequired: true,
    signature: 'recalled',
    segregated: false,
    releaseGuard: false,
  },
];

/** The state a new batch starts in. */
export const INITIAL_STATUS: BatchStatus = 'planned';

export function findMove(from: BatchStatus, to: BatchStatus): Move | undefined {
  return LIFECYCLE.find((m) => m.from === from && m.to === to);
}

/** The moves into a state (each target has one in this lifecycle, but the checks do not rely on it). */
export function movesTo(to: BatchStatus): Move[] {
  return LIFECYCLE.filter((m) => m.to === to);
}

export function movesFrom(from: BatchStatus): Move[] {
  return LIFECYCLE.filter((m) => m.from === from);
}

/** The lifecycle as a Markdown table, for the OpenAPI description of the transitions route. */
export function lifecycleMarkdown(): string {
  const rows = LIFECYCLE.map(
    (m) =>
      `| \`${m.from}\` | \`${m.to}\` | \`${m.permission}\` | ${m.reasonRequired ? 'yes' : 'no'} | ${m.signature ? `\`${m.signature}\`` : '—'} | ${
        m.segregated ? 'yes' : 'no'
      } |`,
  );
  return [
    '| from | to | permission | reason | signature meaning | segregation of duties |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
