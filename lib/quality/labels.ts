import type { BatchStatus, InspectionType, SignatureMeaning } from '@/db/schema/quality';
import { humanizeValue } from '@/lib/plain-words';

/**
 * The plain words of the batch record, in one place for the server and the console: batch statuses, inspection
 * types, statuses and results, signature meanings and the lifecycle's moves. Every value of every enum has a
 * word here (tests/unit/labels.test.ts); none is ever shown as its stored value (`in_production`).
 */

export const BATCH_STATUS_LABEL: Record<BatchStatus, string> = {
  planned: 'Planned',
  in_production: 'In production',
  quarantined: 'Quarantined',
  under_review: 'Under review',
  released: 'Released',
  rejected: 'Rejected',
  recalled: 'Recalled',
};

export type InspectionStatus = 'submitted' | 'approved' | 'rejected';
export const INSPECTION_STATUS_LABEL: Record<InspectionStatus, string> = {
  submitted: 'Awaiting review',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const INSPECTION_TYPE_LABEL: Record<InspectionType, string> = {
  incoming: 'Incoming',
  in_process: 'In-process',
  release: 'Release',
};

export type InspectionResult = 'pass' | 'fail';
export const INSPECTION_RESULT_LABEL: Record<InspectionResult, string> = { pass: 'Pass', fail: 'Fail' };

export const SIGNATURE_MEANING_LABEL: Record<SignatureMeaning, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  released: 'Released',
  recalled: 'Recalled',
  reviewed: 'Reviewed',
};

/** What a signature with this meaning says, in a sentence shown before signing. */
export const SIGNATURE_MEANING_TEXT: Record<SignatureMeaning, string> = {
  approved: 'I have reviewed this inspection and approve its result.',
  rejected: 'I have reviewed this record and reject it.',
  released: 'I release this batch for distribution: it meets its specification and was made under GMP.',
  recalled: 'I recall this released batch from distribution.',
  reviewed: 'I have reviewed this access and confirm my decision.',
};

/** The lifecycle's moves by their audit verb (lib/quality/lifecycle.ts): the button's word and the past tense of a sentence. */
export type MoveAction = 'production_started' | 'quarantined' | 'submitted_for_review' | 'released' | 'rejected' | 'recalled';
export const MOVE_LABEL: Record<MoveAction, { button: string; done: string }> = {
  production_started: { button: 'Start production', done: 'started production of' },
  quarantined: { button: 'Move to quarantine', done: 'moved to quarantine' },
  submitted_for_review: { button: 'Submit for review', done: 'submitted for review' },
  released: { button: 'Release', done: 'released' },
  rejected: { button: 'Reject', done: 'rejected' },
  recalled: { button: 'Recall', done: 'recalled' },
};

const isMoveAction = (action: string): action is MoveAction => Object.hasOwn(MOVE_LABEL, action);

/** The button's word for a move: "Start production", or "Move to <status>" for a move without its own word. */
export function moveLabel(move: { action: string; to: BatchStatus }): string {
  return isMoveAction(move.action) ? MOVE_LABEL[move.action].button : `Move to ${BATCH_STATUS_LABEL[move.to].toLowerCase()}`;
}

/** A batch status in words, for any string (an unknown value reads as words, never with underscores). */
export function batchStatusLabel(status: string): string {
  return Object.hasOwn(BATCH_STATUS_LABEL, status) ? BATCH_STATUS_LABEL[status as BatchStatus] : humanizeValue(status);
}
