'use client';

import type { RecordRef } from './api';
import { AttachmentsCard } from './attachments-card';
import { NotesCard } from './notes-card';

/**
 * Notes and attachments of a batch or an inspection: comments newest first with author and time, a comment
 * box, and files (PDF, PNG, JPEG, WebP up to 10 MiB) with an upload that shows its progress and download
 * links. `canAdd`: the member holds batches.update (a batch) or inspections.perform (an inspection).
 */
export function NotesPanel({
  tenant,
  record,
  canAdd,
  headingLevel = 'h3',
}: {
  tenant: string;
  record: RecordRef;
  canAdd: boolean;
  headingLevel?: 'h2' | 'h3';
}) {
  const what = record.type === 'batch' ? 'batch' : 'inspection';
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid={`notes-${record.type}`}>
      <NotesCard tenant={tenant} record={record} canAdd={canAdd} what={what} headingLevel={headingLevel} />
      <AttachmentsCard tenant={tenant} record={record} canAdd={canAdd} what={what} headingLevel={headingLevel} />
    </div>
  );
}
