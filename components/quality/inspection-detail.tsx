'use client';

import * as React from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronLeft, OctagonX, PenLine, RotateCw, Repeat } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { isBatchClosed, mayReviewInspection } from '@/lib/quality/policy';
import { api, ApiError, keys, paths, type BatchDetailView, type InspectionView, type Move, type Viewer } from './api';
import { CharacteristicsTable } from './characteristics-table';
import { NotesPanel } from './notes-panel';
import { RecordInspectionDialog } from './record-inspection-dialog';
import { SignatureDialog, useSessionSigning, type SignatureRequest } from './signature-dialog';
import { SignaturesList } from './signatures-list';
import { RecordHistory } from '@/components/audit/record-history';
import { BatchStatusBadge, INSPECTION_TYPE_LABEL, InspectionStatusBadge, ResultBadge } from './status';
import { LocalNumber } from '@/components/providers/viewer-clock';

/** One inspection: characteristics with pass/fail per row, result, status, performer, retests, and the signed review. */
export function InspectionDetail({
  tenant,
  id,
  viewer,
  lifecycle,
}: {
  tenant: string;
  id: string;
  viewer: Viewer;
  lifecycle: readonly Move[];
}) {
  const can = new Set(viewer.permissions);
  const sessionSigning = useSessionSigning(viewer.signingPolicy);
  const router = useRouter();
  const queryClient = useQueryClient();
  const inspection = useQuery({ queryKey: keys.inspection(tenant, id), queryFn: () => api<InspectionView>(paths.inspection(tenant, id)) });
  const batchId = inspection.data?.batchId;
  const batch = useQuery({
    queryKey: keys.batch(tenant, batchId ?? ''),
    queryFn: () => api<BatchDetailView>(paths.batch(tenant, batchId as string)),
    enabled: Boolean(batchId) && can.has('batches.read'),
  });
  const [decision, setDecision] = React.useState<'approve' | 'reject' | null>(null);
  const [retesting, setRetesting] = React.useState(false);

  const review = useMutation({
    mutationFn: (body: { decision: 'approve' | 'reject'; reason?: string; signature: { password?: string; meaning: string } }) =>
      api<InspectionView>(paths.review(tenant, id), { method: 'POST', json: body }),
    onSuccess: (next) => {
      queryClient.setQueryData(keys.inspection(tenant, id), next);
      void queryClient.invalidateQueries({ queryKey: keys.quality(tenant) });
      toast({
        tone: 'success',
        title: next.status === 'approved' ? 'Inspection approved and signed' : 'Inspection rejected and signed',
        description: `Signed by ${viewer.name}.`,
      });
    },
  });

  if (inspection.isPending) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading the inspection" className="flex flex-col gap-6">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  if (inspection.isError) {
    return inspection.error instanceof ApiError && inspection.error.status === 404 ? (
      <EmptyState icon={<OctagonX />} title="No such inspection">
        This inspection does not exist in this tenant.
      </EmptyState>
    ) : (
      <Alert tone="danger" role="alert" title="The inspection could not be loaded.">
        <span>{inspection.error.message} </span>
        <Button variant="link" size="sm" className="align-baseline" onClick={() => void inspection.refetch()}>
          <RotateCw aria-hidden="true" />
          Try again
        </Button>
      </Alert>
    );
  }

  const i = inspection.data;
  const b = batch.data;
  // Who may review (lib/quality/policy.ts): not the performer, and only once.
  const reviewVerdict = mayReviewInspection({ performedBy: i.performedBy.id, status: i.status }, viewer.userId);
  const finalBatch = b ? isBatchClosed(lifecycle, b.status) : false;
  const request: SignatureRequest | null = decision
    ? {
        title: decision === 'approve' ? 'Approve the inspection' : 'Reject the inspection',
        record: `${INSPECTION_TYPE_LABEL[i.type]} inspection of ${b ? `batch ${b.batchNumber}` : 'this batch'} · result ${i.result === 'pass' ? 'pass' : 'fail'}, performed by ${i.performedBy.name}.`,
        meaning: decision === 'approve' ? 'approved' : 'rejected',
        reasonRequired: decision === 'reject',
        action: decision === 'approve' ? 'Sign and approve' : 'Sign and reject',
        destructive: decision === 'reject',
      }
    : null;

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <PageHeader
        eyebrow={
          <Link
            href={`/t/${tenant}/batches/${i.batchId}?tab=inspections`}
            className="inline-flex items-center gap-1 rounded-sm hover:text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring"
          >
            <ChevronLeft aria-hidden="true" className="size-3.5" />
            Batch {b?.batchNumber ?? ''}
          </Link>
        }
        title={`${INSPECTION_TYPE_LABEL[i.type]} inspection`}
        meta={
          <>
            <ResultBadge result={i.result} />
            <InspectionStatusBadge status={i.status} />
          </>
        }
        description={
          <>
            Performed by {i.performedBy.name} on <LocalTime iso={i.performedAt} />
            {b ? (
              <>
                {' '}
                · {b.productName} <BatchStatusBadge status={b.status} className="ml-1 align-middle" />
              </>
            ) : null}
          </>
        }
        actions={
          can.has('inspections.perform') && !finalBatch ? (
            <Button onClick={() => setRetesting(true)}>
              <Repeat aria-hidden="true" />
              Record retest
            </Button>
          ) : undefined
        }
      />

      {i.retestOf || i.retestedBy.length ? (
        <Alert tone="info" title={i.retestOf ? 'This inspection is a retest.' : 'This inspection was retested.'}>
          {i.retestOf ? (
            <Link href={`/t/${tenant}/inspections/${i.retestOf}`} className="text-link underline underline-offset-2 hover:no-underline">
              Open the original inspection
            </Link>
          ) : null}
          {i.retestedBy.map((r, n) => (
            <Link key={r} href={`/t/${tenant}/inspections/${r}`} className="mr-3 text-link underline underline-offset-2 hover:no-underline">
              Open retest {i.retestedBy.length > 1 ? n + 1 : ''}
            </Link>
          ))}
        </Alert>
      ) : null}

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <CharacteristicsTable characteristics={i.characteristics} />
        <Card>
          <CardContent className="pt-4">
            <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-[13px]">
              <div className="col-span-2 grid gap-0.5">
                <dt className="text-xs text-muted-foreground">Sample</dt>
                <dd className="tabular-nums">
                  {i.sampleSize}
                  {i.lotSize ? (
                    <>
                      {' '}
                      of a lot of <LocalNumber value={i.lotSize} />
                    </>
                  ) : null}
                </dd>
              </div>
              {(['critical', 'major', 'minor'] as const).map((k) => (
                <div key={k} className="grid gap-0.5">
                  <dt className="text-xs text-muted-foreground">{k[0].toUpperCase() + k.slice(1)} defects</dt>
                  <dd className={k === 'critical' && i.defects.critical > 0 ? 'font-medium text-danger tabular-nums' : 'tabular-nums'}>
                    {i.defects[k]}
                  </dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
      </div>

      <Card aria-labelledby="review-title" role="region" data-testid="inspection-review">
        <CardHeader>
          <div className="flex min-w-0 flex-col gap-0.5">
            <CardTitle id="review-title">Review</CardTitle>
            <CardDescription>
              QA approves or rejects the inspection with an electronic signature. Nobody reviews their own inspection.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-3">
          {i.status !== 'submitted' ? (
            <Alert
              tone={i.status === 'approved' ? 'success' : 'danger'}
              title={`${i.status === 'approved' ? 'Approved' : 'Rejected'} by ${i.reviewedBy?.name ?? 'someone'}`}
            >
              <LocalTime iso={i.reviewedAt} />
              {i.reviewReason ? <p>Reason: {i.reviewReason}</p> : null}
            </Alert>
          ) : can.has('inspections.approve') ? (
            !reviewVerdict.allowed ? (
              <Alert tone="warning" title="Segregation of duties" data-testid="segregation-note">
                {reviewVerdict.reasons.join(' ')}
              </Alert>
            ) : (
              <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Review decision">
                <Button variant="primary" onClick={() => setDecision('approve')}>
                  <PenLine aria-hidden="true" />
                  Approve
                </Button>
                <Button variant="destructive" onClick={() => setDecision('reject')}>
                  Reject
                </Button>
              </div>
            )
          ) : (
            <p className="text-[13px] text-muted-foreground">Awaiting review by QA.</p>
          )}
          <div>
            <h3 className="mb-1 text-[13px] font-medium">Signatures</h3>
            <SignaturesList signatures={i.signatures} emptyText="The reviewer's signature is shown here." />
          </div>
        </CardContent>
      </Card>

      <section aria-label="Notes and attachments of the inspection" className="grid gap-2">
        <NotesPanel
          tenant={tenant}
          record={{ type: 'inspection', id: i.id }}
          canAdd={can.has('inspections.perform')}
          viewerId={viewer.userId}
        />
      </section>

      {can.has('audit.read') ? (
        <Card aria-labelledby="inspection-history-title" role="region" className="overflow-hidden">
          <CardHeader className="flex-col gap-1">
            <CardTitle id="inspection-history-title">History</CardTitle>
            <CardDescription>The audit events of this inspection: recorded, retested, reviewed.</CardDescription>
          </CardHeader>
          <div className="border-t border-border">
            <RecordHistory tenant={tenant} targetType="inspection" targetId={i.id} version={inspection.dataUpdatedAt} />
          </div>
        </Card>
      ) : null}

      <SignatureDialog
        request={request}
        signerName={viewer.name}
        passwordOptional={sessionSigning.passwordOptional}
        onOpenChange={(open) => (open ? undefined : setDecision(null))}
        onSign={async ({ password, reason }) => {
          if (!decision) return;
          await review.mutateAsync({
            decision,
            reason,
            signature: { password, meaning: decision === 'approve' ? 'approved' : 'rejected' },
          });
          sessionSigning.signed();
          setDecision(null);
        }}
      />
      {can.has('inspections.perform') ? (
        <RecordInspectionDialog
          tenant={tenant}
          batchId={i.batchId}
          retestOf={i}
          open={retesting}
          onOpenChange={setRetesting}
          onRecorded={(next) => {
            setRetesting(false);
            void queryClient.invalidateQueries({ queryKey: keys.quality(tenant) });
            router.push(`/t/${tenant}/inspections/${next.id}`);
          }}
        />
      ) : null}
    </div>
  );
}
