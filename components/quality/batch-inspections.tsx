'use client';

import Link from 'next/link';
import type { UseQueryResult } from '@tanstack/react-query';
import { ClipboardCheck } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { mayRecordInspection } from '@/lib/quality/policy';
import type { BatchDetailView, InspectionView, Move } from './api';
import { INSPECTION_TYPE_LABEL, InspectionStatusBadge, ResultBadge } from './status';

export type BatchInspectionsProps = {
  tenant: string;
  lifecycle: readonly Move[];
  batch: BatchDetailView;
  inspections: UseQueryResult<InspectionView[]>;
  canRead: boolean;
  canPerform: boolean;
  onRecord: () => void;
};

/** The batch's inspections, and "Record inspection" while the batch takes inspections. */
export function BatchInspections({ tenant, lifecycle, batch: b, inspections, canRead, canPerform, onRecord }: BatchInspectionsProps) {
  return (
    <>
      {canPerform && mayRecordInspection(lifecycle, b.status).allowed ? (
        <div className="flex justify-end">
          <Button variant="primary" onClick={onRecord}>
            <ClipboardCheck aria-hidden="true" />
            Record inspection
          </Button>
        </div>
      ) : null}
      <Card className="overflow-hidden p-0">
        {!canRead ? (
          <EmptyState size="compact" headingLevel="h3" title="You cannot see inspections">
            This needs the inspections.read permission.
          </EmptyState>
        ) : inspections.isPending ? (
          <div aria-busy="true" aria-label="Loading inspections" className="grid gap-3 p-4">
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-3/4" />
          </div>
        ) : inspections.isError ? (
          <div className="p-4">
            <Alert tone="danger" role="alert" title="The inspections could not be loaded.">
              <Button variant="link" size="sm" onClick={() => void inspections.refetch()}>
                Try again
              </Button>
            </Alert>
          </div>
        ) : inspections.data.length === 0 ? (
          <EmptyState size="compact" headingLevel="h3" icon={<ClipboardCheck />} title="No inspections yet">
            {canPerform
              ? 'Record the incoming, in-process and release inspections of this batch. Release needs an approved, passing release inspection.'
              : 'QA records the inspections of this batch here.'}
          </EmptyState>
        ) : (
          <Table aria-label="Inspections">
            <TableHeader>
              <TableRow>
                <TableHead>Type</TableHead>
                <TableHead>Result</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Performed by</TableHead>
                <TableHead>Performed</TableHead>
                <TableHead>Reviewed by</TableHead>
                <TableHead className="text-right">Sample</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {inspections.data.map((i) => (
                <TableRow key={i.id} data-testid="inspection-row" data-status={i.status}>
                  <TableCell>
                    <Link
                      href={`/t/${tenant}/inspections/${i.id}`}
                      className="rounded-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                    >
                      {INSPECTION_TYPE_LABEL[i.type]}
                    </Link>
                    {i.retestOf ? <Badge className="ml-2">Retest</Badge> : null}
                    {i.retestedBy.length ? <Badge className="ml-2">Retested</Badge> : null}
                  </TableCell>
                  <TableCell>
                    <ResultBadge result={i.result} />
                  </TableCell>
                  <TableCell>
                    <InspectionStatusBadge status={i.status} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{i.performedBy.name}</TableCell>
                  <TableCell>
                    <LocalTime iso={i.performedAt} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {i.reviewedBy?.name ?? <span className="text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {i.sampleSize}
                    {i.lotSize ? <span className="text-muted-foreground"> of {i.lotSize.toLocaleString()}</span> : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </>
  );
}
