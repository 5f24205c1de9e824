import type { PrefetchQuery } from '@/components/providers/prefetch';
import { firstPage } from '@/components/providers/prefetch';
import { listAttachments } from '@/lib/records/attachments';
import { listNotes } from '@/lib/records/notes';
import { RECORD_PERMISSIONS } from '@/lib/records/record-ref';
import { noteKeys, type NotesRecord } from './api';

/** The NotesPanel's first pages (notes and attachments), for a page to prefetch under the panel's own keys. */
export function notesPanelQueries(tenant: string, record: NotesRecord): PrefetchQuery[] {
  const access = RECORD_PERMISSIONS[record.type].read;
  return [
    { key: noteKeys.notes(tenant, record), access, load: (ctx) => listNotes(ctx, record, { limit: 20 }), select: firstPage },
    {
      key: noteKeys.attachments(tenant, record),
      access,
      load: (ctx) => listAttachments(ctx, record, { limit: 50 }),
      select: firstPage,
    },
  ];
}
