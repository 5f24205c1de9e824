'use client';

import { PenLine, TriangleAlert } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { SortableHead } from '@/components/ui/sortable-head';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { SignatureView } from './api';
import { PhoneOrder } from './phone-order';
import { MEANING_LABEL } from './status';
import { useRowOrder, type OrderColumn } from './use-row-order';

const MEANING_TONE = { approved: 'success', released: 'success', rejected: 'danger', recalled: 'danger' } as const;

const COLUMNS = {
  signer: { value: (s) => s.signer.name, first: 'ascending' },
  meaning: { value: (s) => MEANING_LABEL[s.meaning] ?? s.meaning, first: 'ascending' },
  reason: { value: (s) => s.reason, first: 'ascending' },
  signed: { value: (s) => s.signedAt, first: 'descending' },
} satisfies Record<string, OrderColumn<SignatureView>>;
type Column = keyof typeof COLUMNS;
const LABELS: Record<Column, string> = { signer: 'Signed by', meaning: 'Meaning', reason: 'Reason', signed: 'Signed' };

function Meaning({ s }: { s: SignatureView }) {
  return (
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
  );
}

function RecordHash({ hash }: { hash: string }) {
  return (
    <code className="font-mono text-[11px] text-muted-foreground" title={`SHA-256 ${hash}`}>
      {hash.slice(0, 12)}…
    </code>
  );
}

/**
 * The electronic signatures of a record: signer, meaning, reason, time (viewer's zone, UTC on hover), record hash.
 * Ordered by any column (kept in the URL); a table on wide screens, cards on a phone.
 */
export function SignaturesList({ signatures, emptyText }: { signatures: SignatureView[]; emptyText: string }) {
  const order = useRowOrder('signatures-order', COLUMNS, 'signed');
  if (signatures.length === 0) {
    return (
      <EmptyState size="compact" headingLevel="h3" icon={<PenLine />} title="No signatures yet">
        {emptyText}
      </EmptyState>
    );
  }
  const rows = order.order(signatures);
  return (
    <>
      <Table aria-label="Signatures" containerClassName="hidden md:block">
        <TableHeader>
          <TableRow>
            {(Object.keys(LABELS) as Column[]).map((c) => (
              <SortableHead key={c} label={LABELS[c]} {...order.head(c)} />
            ))}
            <TableHead>Record hash</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((s) => (
            <TableRow key={s.id} data-testid="signature-row" data-meaning={s.meaning} data-valid={String(s.valid)}>
              <TableCell className="font-medium whitespace-nowrap">{s.signer.name}</TableCell>
              <TableCell>
                <Meaning s={s} />
              </TableCell>
              <TableCell className="max-w-80 text-muted-foreground">{s.reason ?? '—'}</TableCell>
              <TableCell>
                <LocalTime iso={s.signedAt} />
              </TableCell>
              <TableCell>
                <RecordHash hash={s.recordHash} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="grid gap-2 p-3 md:hidden">
        {rows.length > 1 ? <PhoneOrder label="Order signatures by" labels={LABELS} order={order} /> : null}
        <ul className="grid gap-2" aria-label="Signatures">
          {rows.map((s) => (
            <li key={s.id} className="grid gap-1.5 rounded-lg border border-border p-3 text-[13px]" data-testid="signature-card">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <span className="font-medium">{s.signer.name}</span>
                <Meaning s={s} />
              </div>
              {s.reason ? <p className="break-words text-muted-foreground">{s.reason}</p> : null}
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs">
                <LocalTime iso={s.signedAt} />
                <RecordHash hash={s.recordHash} />
              </div>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
