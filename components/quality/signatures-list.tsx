'use client';

import { PenLine, TriangleAlert } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Badge } from '@/components/ui/badge';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { useTableSort } from '@/components/ui/use-list-params';
import type { SignatureView } from './api';
import { MEANING_LABEL } from './status';

const MEANING_TONE = { approved: 'success', released: 'success', rejected: 'danger', recalled: 'danger', reviewed: 'neutral' } as const;

const COLUMNS: DataTableColumn<SignatureView>[] = [
  {
    id: 'signer',
    header: 'Signed by',
    accessorFn: (s) => s.signer.name,
    meta: { primary: true, cellClassName: 'font-medium md:whitespace-nowrap' },
  },
  {
    id: 'meaning',
    header: 'Meaning',
    accessorFn: (s) => MEANING_LABEL[s.meaning] ?? s.meaning,
    cell: ({ row: { original: s } }) => (
      <div className="flex flex-col gap-1">
        <Badge tone={MEANING_TONE[s.meaning] ?? 'neutral'} dot className="w-fit">
          {MEANING_LABEL[s.meaning] ?? s.meaning}
        </Badge>
        {s.valid ? null : (
          <span className="inline-flex items-center gap-1 text-xs font-medium text-warning" role="note">
            <TriangleAlert aria-hidden="true" className="size-3.5" />
            No longer matches the record
          </span>
        )}
      </div>
    ),
  },
  {
    id: 'reason',
    header: 'Reason',
    accessorFn: (s) => s.reason ?? undefined,
    meta: { cellClassName: 'text-muted-foreground break-words md:max-w-80' },
    cell: ({ row }) => row.original.reason ?? '—',
  },
  {
    id: 'signed',
    header: 'Signed',
    accessorKey: 'signedAt',
    sortDescFirst: true,
    cell: ({ row }) => <LocalTime iso={row.original.signedAt} />,
  },
  {
    id: 'hash',
    header: 'Record hash',
    enableSorting: false,
    cell: ({ row }) => (
      <code className="font-mono text-[11px] text-muted-foreground" title={`SHA-256 ${row.original.recordHash}`}>
        {row.original.recordHash.slice(0, 12)}…
      </code>
    ),
  },
];

/**
 * The electronic signatures of a record: signer, meaning, reason, time (viewer's zone, UTC on hover), record hash.
 * Ordered by any column (`?signaturessort=`, newest first); a table, cards on a phone.
 */
export function SignaturesList({ signatures, emptyText }: { signatures: SignatureView[]; emptyText: string }) {
  const sort = useTableSort({ prefix: 'signatures', default: { id: 'signed', desc: true } });
  return (
    <DataTable
      label="Signatures"
      columns={COLUMNS}
      data={signatures}
      getRowId={(s) => s.id}
      sort={sort}
      rowTestId="signature-row"
      rowProps={(s) => ({ 'data-meaning': s.meaning, 'data-valid': String(s.valid) })}
      empty={
        <EmptyState
          size="compact"
          headingLevel="h3"
          icon={<PenLine />}
          title="No signatures yet"
          className="rounded-lg border border-border bg-card"
        >
          {emptyText}
        </EmptyState>
      }
    />
  );
}
