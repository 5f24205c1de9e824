'use client';

import * as React from 'react';
import Link from 'next/link';
import { Tabs } from 'radix-ui';
import { ChevronLeft, OctagonX } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { useListParams, oneOf } from '@/components/ui/use-list-params';
import { LoadFailed } from '@/components/ui/list-parts';
import { SerialsPanel } from '@/components/serials/serials-panel';
import type { SerialRules } from '@/components/serials/api';
import { ApiError, type InspectionView, type Move, type Viewer } from './api';
import { BatchExportMenu } from './batch-export-menu';
import { BatchHistory } from './batch-history';
import { BatchInspections } from './batch-inspections';
import { BatchOverview } from './batch-overview';
import { LifecycleStepper } from './lifecycle-stepper';
import { MoveConfirmDialog } from './move-confirm-dialog';
import { moveLabel } from './move-label';
import { NotesPanel } from './notes-panel';
import { RecordInspectionDialog } from './record-inspection-dialog';
import { ReleaseCockpit } from './release-cockpit';
import { SignatureDialog, useSessionSigning, type SignatureRequest } from './signature-dialog';
import { SignaturesList } from './signatures-list';
import { BATCH_STATUS, BatchStatusBadge } from './status';
import { useBatchRecord } from './use-batch-record';

const TABS = ['overview', 'inspections', 'serials', 'signatures', 'notes', 'history'] as const;
const TABS_WITHOUT_SERIALS = TABS.filter((t) => t !== 'serials');
export type BatchDetailProps = {
  tenant: string;
  id: string;
  viewer: Viewer;
  lifecycle: readonly Move[];
  /** The serial lifecycle and limits (lib/serials), for the Serials tab. */
  serialRules: SerialRules;
};

/** One batch: header, release cockpit (blockers and the member's next moves), and tabs Overview · Inspections · Serials · Signatures · Notes · History. */
export function BatchDetail({ tenant, id, viewer, lifecycle, serialRules }: BatchDetailProps) {
  const can = React.useMemo(() => new Set(viewer.permissions), [viewer.permissions]);
  const sessionSigning = useSessionSigning(viewer.signingPolicy);
  const listParams = useListParams();
  const tab = oneOf(listParams.params.get('tab'), can.has('serials.read') ? TABS : TABS_WITHOUT_SERIALS);

  const { batch, check, inspections, refresh, transition } = useBatchRecord(tenant, id, can.has('inspections.read'));

  const [confirming, setConfirming] = React.useState<Move | null>(null);
  const [moveError, setMoveError] = React.useState<string | null>(null);
  const [signing, setSigning] = React.useState<Move | null>(null);
  /** The record-inspection dialog: open for a release inspection, or for a retest of `retestOf`. */
  const [recording, setRecording] = React.useState<{ retestOf?: InspectionView } | null>(null);

  if (batch.isPending) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading the batch" className="flex flex-col gap-6">
        <Skeleton className="h-4 w-20" />
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (batch.isError) {
    const missing = batch.error instanceof ApiError && batch.error.status === 404;
    return (
      <div className="flex flex-col gap-6">
        <BackLink tenant={tenant} />
        {missing ? (
          <EmptyState icon={<OctagonX />} title="No such batch">
            This batch does not exist in this tenant. Go back to the list of batches.
          </EmptyState>
        ) : (
          <LoadFailed title="The batch could not be loaded." query={batch} />
        )}
      </div>
    );
  }

  const b = batch.data;

  const signRequest: SignatureRequest | null = signing
    ? {
        title: `${moveLabel(signing)} batch ${b.batchNumber}`,
        record: `Batch ${b.batchNumber} · ${b.productName} · ${b.site.code}. The batch becomes ${BATCH_STATUS[signing.to].label.toLowerCase()}.`,
        meaning: signing.signature ?? '',
        reasonRequired: signing.reasonRequired,
        action: `Sign and ${moveLabel(signing).toLowerCase()}`,
        destructive: signing.to !== 'released',
      }
    : null;

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <PageHeader
        eyebrow={<BackLink tenant={tenant} />}
        title={<span className="font-mono">{b.batchNumber}</span>}
        meta={<BatchStatusBadge status={b.status} />}
        actions={<BatchExportMenu tenant={tenant} batch={b} />}
        description={
          <>
            {b.productName} · <span title={b.site.name}>{b.site.code}</span> {b.site.name}
          </>
        }
      />

      <LifecycleStepper lifecycle={lifecycle} status={b.status} permissions={viewer.permissions} />

      <ReleaseCockpit
        tenant={tenant}
        lifecycle={lifecycle}
        batch={b}
        check={check}
        permissions={viewer.permissions}
        inspections={inspections.data}
        onRecord={(retestOf) => setRecording({ retestOf })}
        onMove={(m) => {
          setMoveError(null);
          return m.signature ? setSigning(m) : setConfirming(m);
        }}
      />

      <Tabs.Root
        value={tab}
        onValueChange={(value) => listParams.set('tab', value === 'overview' ? '' : value)}
        className="grid min-w-0 gap-4"
      >
        <Tabs.List aria-label="Batch record" className="flex flex-wrap gap-x-1 border-b border-border">
          {(
            [
              ['overview', 'Overview'],
              ['inspections', `Inspections${inspections.data ? ` (${inspections.data.length})` : ''}`],
              ['serials', 'Serials'],
              ['signatures', `Signatures (${b.signatures.length})`],
              ['notes', 'Notes'],
              ['history', 'History'],
            ] as const
          )
            .filter(([value]) => value !== 'serials' || can.has('serials.read'))
            .map(([value, label]) => (
              <Tabs.Trigger
                key={value}
                value={value}
                className="-mb-px rounded-t-md border-b-2 border-transparent px-3 py-2 text-[13px] font-medium text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring data-[state=active]:border-primary data-[state=active]:text-foreground"
              >
                {label}
              </Tabs.Trigger>
            ))}
        </Tabs.List>

        <Tabs.Content value="overview" className="min-w-0 focus-visible:outline-none">
          <BatchOverview batch={b} />
        </Tabs.Content>

        <Tabs.Content value="inspections" className="grid min-w-0 gap-3 focus-visible:outline-none">
          <BatchInspections
            tenant={tenant}
            lifecycle={lifecycle}
            batch={b}
            inspections={inspections}
            canRead={can.has('inspections.read')}
            canPerform={can.has('inspections.perform')}
            onRecord={() => setRecording({})}
          />
        </Tabs.Content>

        {can.has('serials.read') ? (
          <Tabs.Content value="serials" className="min-w-0 focus-visible:outline-none">
            <SerialsPanel
              tenant={tenant}
              batch={{ id: b.id, batchNumber: b.batchNumber, gtin: b.gtin, status: b.status }}
              rules={serialRules}
              canGenerate={can.has('serials.generate')}
              canChangeStatus={can.has('serials.update')}
            />
          </Tabs.Content>
        ) : null}

        <Tabs.Content value="signatures" className="min-w-0 focus-visible:outline-none">
          <SignaturesList signatures={b.signatures} emptyText="Release, rejection and recall are signed here with the signer's password." />
        </Tabs.Content>

        <Tabs.Content value="notes" className="min-w-0 focus-visible:outline-none">
          <NotesPanel tenant={tenant} record={{ type: 'batch', id: b.id }} canAdd={can.has('batches.update')} viewerId={viewer.userId} />
        </Tabs.Content>

        <Tabs.Content value="history" className="min-w-0 focus-visible:outline-none">
          <BatchHistory tenant={tenant} batch={b} canReadAudit={can.has('audit.read')} />
        </Tabs.Content>
      </Tabs.Root>

      <MoveConfirmDialog
        batch={b}
        move={confirming}
        pending={transition.isPending}
        error={moveError}
        onCancel={() => setConfirming(null)}
        onConfirm={(move) =>
          transition.mutate(
            { to: move.to },
            {
              onSuccess: () => setConfirming(null),
              onError: (error) => setMoveError(error.message),
            },
          )
        }
      />

      <SignatureDialog
        request={signRequest}
        signerName={viewer.name}
        passwordOptional={sessionSigning.passwordOptional}
        onOpenChange={(open) => (open ? undefined : setSigning(null))}
        onSign={async ({ password, reason }) => {
          if (!signing?.signature) return;
          try {
            await transition.mutateAsync({ to: signing.to, reason, signature: { password, meaning: signing.signature } });
            sessionSigning.signed();
            setSigning(null);
          } catch (error) {
            void check.refetch();
            throw error;
          }
        }}
      />

      {can.has('inspections.perform') ? (
        <RecordInspectionDialog
          tenant={tenant}
          batchId={b.id}
          lotSize={b.plannedQuantity}
          retestOf={recording?.retestOf}
          initialType="release"
          open={recording !== null}
          onOpenChange={(open) => setRecording(open ? (recording ?? {}) : null)}
          onRecorded={() => {
            setRecording(null);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function BackLink({ tenant }: { tenant: string }) {
  return (
    <Link
      href={`/t/${tenant}/batches`}
      className="inline-flex items-center gap-1 rounded-sm hover:text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring"
    >
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Batches
    </Link>
  );
}
