import { StatusBadge, type BadgeTone } from '@/components/ui/badge';
import type { BatchStatus } from '@/lib/quality/lifecycle';

/** Every batch status with its word and tone: a badge never relies on color alone. */
export const BATCH_STATUS: Record<BatchStatus, { label: string; tone: BadgeTone }> = {
  planned: { label: 'Planned', tone: 'neutral' },
  in_production: { label: 'In production', tone: 'info' },
  quarantined: { label: 'Quarantined', tone: 'warning' },
  under_review: { label: 'Under review', tone: 'accent' },
  released: { label: 'Released', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
  recalled: { label: 'Recalled', tone: 'danger' },
};

export const BATCH_STATUS_ORDER = Object.keys(BATCH_STATUS) as BatchStatus[];

export function BatchStatusBadge({ status, className }: { status: BatchStatus; className?: string }) {
  const s = BATCH_STATUS[status];
  return <StatusBadge status={status} label={s?.label} tone={s?.tone} className={className} data-testid="batch-status" />;
}

const INSPECTION_STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  submitted: { label: 'Awaiting review', tone: 'warning' },
  approved: { label: 'Approved', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
};

export function InspectionStatusBadge({ status }: { status: string }) {
  const s = INSPECTION_STATUS[status];
  return <StatusBadge status={status} label={s?.label} tone={s?.tone} data-testid="inspection-status" />;
}

export function ResultBadge({ result }: { result: 'pass' | 'fail' }) {
  return (
    <StatusBadge
      status={result}
      label={result === 'pass' ? 'Pass' : 'Fail'}
      tone={result === 'pass' ? 'success' : 'danger'}
      data-testid="inspection-result"
    />
  );
}

export const INSPECTION_TYPE_LABEL: Record<string, string> = {
  incoming: 'Incoming',
  in_process: 'In-process',
  release: 'Release',
};

export const MEANING_LABEL: Record<string, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  released: 'Released',
  recalled: 'Recalled',
};

/** What a signature with this meaning says, in a sentence shown before signing. */
export const MEANING_TEXT: Record<string, string> = {
  approved: 'I have reviewed this inspection and approve its result.',
  rejected: 'I have reviewed this record and reject it.',
  released: 'I release this batch for distribution: it meets its specification and was made under GMP.',
  recalled: 'I recall this released batch from distribution.',
};
