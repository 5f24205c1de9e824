'use client';

import { PenLine, TriangleAlert } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { SignatureView } from './api';
import { MEANING_LABEL } from './status';

const MEANING_TONE = { approved: 'success', released: 'success', rejected: 'danger', recalled: 'danger' } as const;

/** The electronic signatures of a record: signer, meaning, reason, time (viewer's zone, UTC on hover), record hash. */
export function SignaturesList({ signatures, emptyText }: { signatures: SignatureView[]; emptyText: string }) {
  if (signatures.length === 0) {
    return (
      <EmptyState size="compact" headingLevel="h3" icon={<PenLine />} title="No signatures yet">
        {emptyText}
      </EmptyState>
    );
  }
  return (
    <Table aria-label="Signatures">
      <TableHeader>
        <TableRow>
          <TableHead>Signed by</TableHead>
          <TableHead>Meaning</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>Signed</TableHead>
          <TableHead>Record hash</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {signatures.map((s) => (
          <TableRow key={s.id} data-testid="signature-row" data-meaning={s.meaning} data-valid={String(s.valid)}>
            <TableCell className="font-medium whitespace-nowrap">{s.signer.name}</TableCell>
            <TableCell>
              <div className="flex flex-col gap-1">
                <Badge tone={MEANING_TONE[s.meaning] ?? 'neutral'} dot>
                  {MEANING_LABEL[s.meaning] ?? s.meaning}
                </Badge>
                {s.valid ? null : (
                  <span className="inline-flex items-center gap-1 text-xs font-medium text-warning" role="note">
                    <TriangleAlert aria-hidden="true" className="size-3.5" />
                    No longer matches the record
                  </span>
                )}
              </div>
            </TableCell>
            <TableCell className="max-w-80 text-muted-foreground">{s.reason ?? '—'}</TableCell>
            <TableCell>
              <LocalTime iso={s.signedAt} />
            </TableCell>
            <TableCell>
              <code className="font-mono text-[11px] text-muted-foreground" title={`SHA-256 ${s.recordHash}`}>
                {s.recordHash.slice(0, 12)}…
              </code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
