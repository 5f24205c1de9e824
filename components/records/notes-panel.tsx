'use client';

import { AttachmentsCard } from './attachments-card';
import type { NotesRecord } from './api';
import { NotesCard } from './notes-card';

/**
 * Notes and attachments of any record (a batch, an inspection, a site, a member, a system, a team, an access review):
 * notes newest first with their priority, author and time, edits kept as versions with the earlier text shown on
 * demand; files (PDF, PNG, JPEG, WebP up to 10 MiB) with an upload that shows its progress, versions of one name and
 * download links. `canAdd`: the viewer holds the record's add permission (lib/records/record-ref.ts
 * RECORD_PERMISSIONS); `viewerId` lets the author edit their own notes (lib/records/notes-policy.ts).
 */
export function NotesPanel({
  tenant,
  record,
  canAdd,
  viewerId = null,
  headingLevel = 'h3',
}: {
  tenant: string;
  record: NotesRecord;
  canAdd: boolean;
  viewerId?: string | null;
  headingLevel?: 'h2' | 'h3';
}) {
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid={`notes-${record.type}`}>
      <NotesCard tenant={tenant} record={record} canAdd={canAdd} viewerId={viewerId} headingLevel={headingLevel} />
      <AttachmentsCard tenant={tenant} record={record} canAdd={canAdd} headingLevel={headingLevel} />
    </div>
  );
}
