import type { RecordType } from '@/lib/records/record-ref';
import type { AttachmentVersionView, AttachmentView, NoteView } from '@/lib/records/notes-schemas';

export type { AttachmentVersionView, AttachmentView, NoteView };
export type Page<T> = { data: T[]; nextCursor: string | null };

/** A record that carries notes and attachments: its type and the id its API path takes (a system's slug). */
export type NotesRecord = { type: RecordType; id: string };

const SEGMENT: Record<RecordType, string> = {
  batch: 'batches',
  inspection: 'inspections',
  site: 'sites',
  member: 'members',
  system: 'systems',
  team: 'teams',
  access_review: 'access-reviews',
};
const WHAT: Record<RecordType, string> = {
  batch: 'batch',
  inspection: 'inspection',
  site: 'site',
  member: 'member',
  system: 'system',
  team: 'team',
  access_review: 'access review',
};
export const recordWord = (type: RecordType) => WHAT[type];

const t = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}`;
const base = (tenant: string, record: NotesRecord) => `${t(tenant)}/${SEGMENT[record.type]}/${encodeURIComponent(record.id)}`;

export const notePaths = {
  notes: (tenant: string, record: NotesRecord) => `${base(tenant, record)}/notes`,
  attachments: (tenant: string, record: NotesRecord) => `${base(tenant, record)}/attachments`,
  note: (tenant: string, noteId: string) => `${t(tenant)}/notes/${noteId}`,
  versions: (tenant: string, noteId: string) => `${t(tenant)}/notes/${noteId}/versions`,
  attachment: (tenant: string, id: string) => `${t(tenant)}/attachments/${id}`,
};

/**
 * Query keys. Batches and inspections keep the keys their pages prefetch under (components/quality/api.ts keys.notes,
 * keys.attachments); every record type uses the same shape.
 */
export const noteKeys = {
  notes: (tenant: string, record: NotesRecord) => ['tenants', tenant, 'quality', 'notes', record.type, record.id] as const,
  attachments: (tenant: string, record: NotesRecord) => ['tenants', tenant, 'quality', 'attachments', record.type, record.id] as const,
  versions: (tenant: string, noteId: string) => ['tenants', tenant, 'notes', noteId, 'versions'] as const,
};
