import type { Move } from './api';
import { BATCH_STATUS } from './status';

/** The button's word for each move of the lifecycle (by its audit verb). */
const MOVE_LABEL: Record<string, string> = {
  production_started: 'Start production',
  quarantined: 'Move to quarantine',
  submitted_for_review: 'Submit for review',
  released: 'Release',
  rejected: 'Reject',
  recalled: 'Recall',
};
export const moveLabel = (m: Move) => MOVE_LABEL[m.action] ?? `Move to ${BATCH_STATUS[m.to].label.toLowerCase()}`;
