import type {
  AttachmentView,
  BatchDetailView,
  NoteView,
  BatchView,
  InspectionView,
  ReleaseBlocker,
  SignatureView,
  SiteView,
} from '@/lib/quality/schemas';
import type { BatchStatus, Move } from '@/lib/quality/lifecycle';
import type { Involvement } from '@/lib/quality/policy';

import { api } from '@/components/api-client';

export { ApiError, api } from '@/components/api-client';
export type {
  AttachmentView,
  BatchDetailView,
  BatchStatus,
  NoteView,
  BatchView,
  InspectionView,
  Move,
  ReleaseBlocker,
  SignatureView,
  SiteView,
};

export type Page<T> = { data: T[]; nextCursor: string | null };
/** The release check: every blocker, and what ties the viewer to the batch (segregation of duties). */
export type ReleaseCheck = { ready: boolean; blockers: ReleaseBlocker[]; involvement: Involvement[] };
export type SampleSize = { lotSize: number; inspectionLevel: 'II'; codeLetter: string; sampleSize: number };
export type AuditEvent = {
  id: string;
  occurredAt: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
};

const t = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}`;

export const paths = {
  sites: (tenant: string) => `${t(tenant)}/sites`,
  site: (tenant: string, id: string) => `${t(tenant)}/sites/${id}`,
  batches: (tenant: string) => `${t(tenant)}/batches`,
  batch: (tenant: string, id: string) => `${t(tenant)}/batches/${id}`,
  transitions: (tenant: string, id: string) => `${t(tenant)}/batches/${id}/transitions`,
  releaseCheck: (tenant: string, id: string) => `${t(tenant)}/batches/${id}/release-check`,
  batchInspections: (tenant: string, id: string) => `${t(tenant)}/batches/${id}/inspections`,
  inspection: (tenant: string, id: string) => `${t(tenant)}/inspections/${id}`,
  review: (tenant: string, id: string) => `${t(tenant)}/inspections/${id}/review`,
  sampleSize: (tenant: string, lotSize: number) => `${t(tenant)}/sample-size?lotSize=${lotSize}`,
  auditEvents: (tenant: string) => `${t(tenant)}/audit-events`,
  notes: (tenant: string, record: RecordRef) => `${t(tenant)}/${record.type === 'batch' ? 'batches' : 'inspections'}/${record.id}/notes`,
  attachments: (tenant: string, record: RecordRef) =>
    `${t(tenant)}/${record.type === 'batch' ? 'batches' : 'inspections'}/${record.id}/attachments`,
  attachment: (tenant: string, id: string) => `${t(tenant)}/attachments/${id}`,
  exportBatch: (tenant: string, id: string, format: 'json' | 'pdf') => `${t(tenant)}/batches/${id}/export?format=${format}`,
  dashboard: (tenant: string) => `${t(tenant)}/dashboard`,
};

/** A record that carries notes and attachments. */
export type RecordRef = { type: 'batch' | 'inspection'; id: string };

/** Query keys: invalidate `quality(tenant)` after a change that may touch several records. */
export const keys = {
  quality: (tenant: string) => ['tenants', tenant, 'quality'] as const,
  sites: (tenant: string) => ['tenants', tenant, 'quality', 'sites'] as const,
  batches: (tenant: string) => ['tenants', tenant, 'quality', 'batches'] as const,
  batch: (tenant: string, id: string) => ['tenants', tenant, 'quality', 'batch', id] as const,
  inspection: (tenant: string, id: string) => ['tenants', tenant, 'quality', 'inspection', id] as const,
  notes: (tenant: string, record: RecordRef) => ['tenants', tenant, 'quality', 'notes', record.type, record.id] as const,
  attachments: (tenant: string, record: RecordRef) => ['tenants', tenant, 'quality', 'attachments', record.type, record.id] as const,
};

/** Every page of a cursor list (sites are few: the pickers need them all). */
export async function fetchAllPages<T>(path: string, limit = 200): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const qs = new URLSearchParams({ limit: String(limit) });
    if (cursor) qs.set('cursor', cursor);
    const page: Page<T> = await api<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}${qs}`);
    out.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** The viewer as the console knows them: who signs, and what they may do. */
export type Viewer = {
  userId: string;
  name: string;
  permissions: readonly string[];
  /** From the page (lib/quality/signatures.ts signingPolicy): may later signatures of this session omit the password? */
  signingPolicy?: { sessionSigning: boolean; signedThisSession: boolean };
};
