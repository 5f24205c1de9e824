'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { ClipboardCheck } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { mayRecordInspection } from '@/lib/quality/policy';
import type { BatchDetailView, InspectionView, Move } from './api';
import { InspectionRows } from './inspection-rows';

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
      {canRead && inspections.data && inspections.data.length > 0 ? (
        // The table has its own frame (cards on a phone).
        <InspectionRows tenant={tenant} inspections={inspections.data} />
      ) : (
        <Card className="overflow-hidden p-0">
          {!canRead ? (
            <EmptyState size="compact" headingLevel="h3" title="You cannot see inspections">
              Your roles do not include reading inspections. Ask a tenant administrator if you need them.
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
          ) : null}
        </Card>
      )}
    </>
  );
}
