import { StatusBadge, type BadgeTone } from '@/components/ui/badge';
import type { BatchStatus } from '@/lib/quality/lifecycle';
import {
  BATCH_STATUS_LABEL,
  INSPECTION_RESULT_LABEL,
  INSPECTION_STATUS_LABEL,
  INSPECTION_TYPE_LABEL as TYPE_WORDS,
  SIGNATURE_MEANING_LABEL,
  SIGNATURE_MEANING_TEXT,
  type InspectionResult,
  type InspectionStatus,
} from '@/lib/quality/labels';

/** The words live in lib/quality/labels.ts (one map for server and console); here each status gets its badge tone. */
const BATCH_TONE: Record<BatchStatus, BadgeTone> = {
  planned: 'neutral',
  in_production: 'info',
  quarantined: 'warning',
  under_review: 'accent',
  released: 'success',
  rejected: 'danger',
  recalled: 'danger',
};

/** Every batch status with its word and tone: a badge never relies on color alone. */
export const BATCH_STATUS = Object.fromEntries(
  (Object.keys(BATCH_TONE) as BatchStatus[]).map((s) => [s, { label: BATCH_STATUS_LABEL[s], tone: BATCH_TONE[s] }]),
) as Record<BatchStatus, { label: string; tone: BadgeTone }>;

export const BATCH_STATUS_ORDER = Object.keys(BATCH_STATUS) as BatchStatus[];

export function BatchStatusBadge({ status, className }: { status: BatchStatus; className?: string }) {
  const s = BATCH_STATUS[status];
  return <StatusBadge status={status} label={s?.label} tone={s?.tone} className={className} data-testid="batch-status" />;
}

const INSPECTION_TONE: Record<InspectionStatus, BadgeTone> = { submitted: 'warning', approved: 'success', rejected: 'danger' };

export function InspectionStatusBadge({ status }: { status: string }) {
  const known = Object.hasOwn(INSPECTION_STATUS_LABEL, status) ? (status as InspectionStatus) : null;
  return (
    <StatusBadge
      status={status}
      label={known ? INSPECTION_STATUS_LABEL[known] : undefined}
      tone={known ? INSPECTION_TONE[known] : undefined}
      data-testid="inspection-status"
    />
  );
}

export function ResultBadge({ result }: { result: InspectionResult }) {
  return (
    <StatusBadge
      status={result}
      label={INSPECTION_RESULT_LABEL[result]}
      tone={result === 'pass' ? 'success' : 'danger'}
      data-testid="inspection-result"
    />
  );
}

/** The maps of lib/quality/labels.ts under the names the console has used (keyed by any string for API values). */
export const INSPECTION_TYPE_LABEL: Record<string, string> = TYPE_WORDS;
export const MEANING_LABEL: Record<string, string> = SIGNATURE_MEANING_LABEL;
/** What a signature with this meaning says, in a sentence shown before signing. */
export const MEANING_TEXT: Record<string, string> = SIGNATURE_MEANING_TEXT;
