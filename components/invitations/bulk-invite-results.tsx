'use client';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { useLocalTableSort } from '@/components/ui/use-list-params';
import type { BulkInviteResult } from './api';
import { SeatsLine } from './seats';

type ResultRow = BulkInviteResult['results'][number] & { index: number };

/** How an address fared, in words (also what the Result column sorts by). */
const outcome = (row: ResultRow) => (row.ok ? 'Invited' : row.error?.code === 'duplicate' ? 'Repeated' : 'Not invited');

const COLUMNS: DataTableColumn<ResultRow>[] = [
  {
    id: 'address',
    header: 'Address',
    accessorFn: (row) => row.email.toLowerCase(),
    meta: { primary: true, cellClassName: 'md:max-w-56' },
    cell: ({ row }) => (
      <span className="block truncate font-mono text-xs font-normal" title={row.original.email}>
        {row.original.email || <span className="text-muted-foreground">(empty)</span>}
      </span>
    ),
  },
  {
    id: 'result',
    header: 'Result',
    accessorFn: outcome,
    cell: ({ row }) =>
      row.original.ok ? (
        <Badge tone="success" dot>
          Invited
        </Badge>
      ) : (
        <div className="grid gap-1 py-0.5">
          <Badge tone={row.original.error?.code === 'duplicate' ? 'neutral' : 'danger'} dot>
            {outcome(row.original)}
          </Badge>
          <span className="text-xs text-muted-foreground">{row.original.error?.message ?? 'Not invited.'}</span>
        </div>
      ),
  },
];

/** The result of a bulk invitation, one row per address (sortable by address or result), with "retry the ones not invited". */
export function BulkInviteResults({
  result,
  onRetry,
  onDone,
}: {
  result: BulkInviteResult;
  onRetry: (emails: string[]) => void;
  onDone: () => void;
}) {
  // Until a header is chosen, the addresses stay in the order they were typed (no column is named `typed`).
  const sort = useLocalTableSort({ default: { id: 'typed', desc: false } });
  // Worth another try: every failed address except the repeats of one that was invited once.
  const again = result.results.filter((r) => !r.ok && r.error?.code !== 'duplicate').map((r) => r.email);
  const rows = result.results.map((r, index) => ({ ...r, index }));
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>
          {result.invited} invited{result.failed ? `, ${result.failed} not` : ''}
        </DialogTitle>
        <DialogDescription>
          {result.failed
            ? 'The invited addresses got their link by email. The others are listed with the reason.'
            : 'Every address got its own link by email; it works once, for 7 days.'}
        </DialogDescription>
      </DialogHeader>
      <div className="rounded-md border border-border bg-muted/40 px-3 py-2">
        <SeatsLine seats={result.seats} compact />
      </div>
      <div className="max-h-80 overflow-y-auto">
        <DataTable
          label="Result per address"
          columns={COLUMNS}
          data={rows}
          getRowId={(row) => String(row.index)}
          sort={sort}
          cardsBelow="sm"
          rowTestId="bulk-result-row"
          rowProps={(row) => ({ 'data-ok': row.ok ? 'true' : 'false' })}
        />
      </div>
      <DialogFooter>
        {again.length ? (
          <Button type="button" onClick={() => onRetry(again)}>
            Edit and retry the {again.length} not invited
          </Button>
        ) : null}
        <Button type="button" variant="primary" onClick={onDone} autoFocus>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
