'use client';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { BulkInviteResult } from './api';
import { SeatsLine } from './seats';

/** The result of a bulk invitation, one row per address, with "retry the ones not invited". */
export function BulkInviteResults({
  result,
  onRetry,
  onDone,
}: {
  result: BulkInviteResult;
  onRetry: (emails: string[]) => void;
  onDone: () => void;
}) {
  // Worth another try: every failed address except the repeats of one that was invited once.
  const again = result.results.filter((r) => !r.ok && r.error?.code !== 'duplicate').map((r) => r.email);
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
      <div className="max-h-80 overflow-y-auto rounded-md border border-border">
        <Table aria-label="Result per address">
          <TableHeader>
            <TableRow>
              <TableHead>Address</TableHead>
              <TableHead>Result</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.results.map((row, i) => (
              <TableRow key={`${row.email}-${i}`} data-testid="bulk-result-row" data-ok={row.ok ? 'true' : 'false'}>
                <TableCell className="max-w-56 truncate font-mono text-xs" title={row.email}>
                  {row.email || <span className="text-muted-foreground">(empty)</span>}
                </TableCell>
                <TableCell>
                  {row.ok ? (
                    <Badge tone="success" dot>
                      Invited
                    </Badge>
                  ) : (
                    <div className="grid gap-1 py-0.5">
                      <Badge tone={row.error?.code === 'duplicate' ? 'neutral' : 'danger'} dot>
                        {row.error?.code === 'duplicate' ? 'Repeated' : 'Not invited'}
                      </Badge>
                      <span className="text-xs text-muted-foreground">{row.error?.message ?? 'Not invited.'}</span>
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
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
