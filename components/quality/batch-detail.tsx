'use client';

import * as React from 'react';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Tabs } from 'radix-ui';
import { ChevronDown, ChevronLeft, CircleCheck, ClipboardCheck, FileDown, FileJson, FileText, History, OctagonX } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { useListParams, oneOf } from '@/components/ui/use-list-params';
import { LoadFailed } from '@/components/ui/list-parts';
import { SerialsPanel } from '@/components/serials/serials-panel';
import type { SerialRules } from '@/components/serials/api';
import { hasNextStep, isBatchClosed, mayDecideOnBatch, mayRecordInspection, movesFor } from '@/lib/quality/policy';
import { api, ApiError, keys, paths, type AuditEvent, type BatchDetailView, type InspectionView, type Move, type Page, type ReleaseCheck, type Viewer } from './api';
import { NotesPanel } from './notes-panel';
import { RecordInspectionDialog } from './record-inspection-dialog';
import { SignatureDialog, useSessionSigning, type SignatureRequest } from './signature-dialog';
import { SignaturesList } from './signatures-list';
import { BATCH_STATUS, BatchStatusBadge, INSPECTION_TYPE_LABEL, InspectionStatusBadge, ResultBadge } from './status';

const TABS = ['overview', 'inspections', 'serials', 'signatures', 'notes', 'history'] as const;
const TABS_WITHOUT_SERIALS = TABS.filter((t) => t !== 'serials');

/** The button's word for each move of the lifecycle (by its audit verb). */
const MOVE_LABEL: Record<string, string> = {
  production_started: 'Start production',
  quarantined: 'Move to quarantine',
  submitted_for_review: 'Submit for review',
  released: 'Release',
  rejected: 'Reject',
  recalled: 'Recall',
};
const moveLabel = (m: Move) => MOVE_LABEL[m.action] ?? `Move to ${BATCH_STATUS[m.to].label.toLowerCase()}`;

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
  const queryClient = useQueryClient();
  const listParams = useListParams();
  const tab = oneOf(listParams.params.get('tab'), can.has('serials.read') ? TABS : TABS_WITHOUT_SERIALS);

  const batch = useQuery({ queryKey: keys.batch(tenant, id), queryFn: () => api<BatchDetailView>(paths.batch(tenant, id)) });
  const check = useQuery({ queryKey: [...keys.batch(tenant, id), 'release-check'], queryFn: () => api<ReleaseCheck>(paths.releaseCheck(tenant, id)) });
  const inspections = useQuery({
    queryKey: [...keys.batch(tenant, id), 'inspections'],
    queryFn: () => api<{ data: InspectionView[] }>(paths.batchInspections(tenant, id)).then((r) => r.data),
    enabled: can.has('inspections.read'),
  });
  const refresh = React.useCallback(() => void queryClient.invalidateQueries({ queryKey: keys.quality(tenant) }), [queryClient, tenant]);

  const [confirming, setConfirming] = React.useState<Move | null>(null);
  const [signing, setSigning] = React.useState<Move | null>(null);
  const [recording, setRecording] = React.useState(false);

  const transition = useMutation({
    mutationFn: (body: { to: string; reason?: string; signature?: { password?: string; meaning: string } }) =>
      api<BatchDetailView>(paths.transitions(tenant, id), { method: 'POST', json: body }),
    onSuccess: (next) => {
      queryClient.setQueryData(keys.batch(tenant, id), next);
      toast({ tone: 'success', title: `Batch ${next.batchNumber} is now ${BATCH_STATUS[next.status].label.toLowerCase()}` });
      refresh();
    },
  });

  if (batch.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading the batch" className="grid gap-5">
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
      <div className="grid gap-5">
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
  const blockers = check.data?.blockers ?? [];
  const ready = check.data?.ready ?? false;
  // The viewer's moves and why some are held back (lib/quality/policy.ts): their involvement in the batch comes with
  // the release check, computed by the server from the whole record.
  const involvement = check.data?.involvement ?? [];
  const moves = movesFor(lifecycle, { status: b.status, permissions: viewer.permissions, involvement, blockers });
  const segregation = moves.some((o) => o.move.segregated) ? mayDecideOnBatch(involvement, 'release or reject') : null;

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
    <div className="grid gap-5">
      <PageHeader
        eyebrow={<BackLink tenant={tenant} />}
        title={<span className="font-mono">{b.batchNumber}</span>}
        meta={<BatchStatusBadge status={b.status} />}
        actions={<ExportMenu tenant={tenant} batch={b} />}
        description={
          <>
            {b.productName} · <span title={b.site.name}>{b.site.code}</span> {b.site.name}
          </>
        }
      />

      <Card aria-labelledby="cockpit-title" role="region" data-testid="release-cockpit">
        <CardHeader>
          <div className="flex min-w-0 flex-col gap-0.5">
            <CardTitle id="cockpit-title">Release cockpit</CardTitle>
            <CardDescription>What stands between this batch and release, and what you can do next.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          {check.isPending ? (
            <Skeleton className="h-10 w-full" />
          ) : check.isError ? (
            <Alert tone="danger" role="alert" title="The release check could not be loaded.">
              <Button variant="link" size="sm" onClick={() => void check.refetch()}>
                Try again
              </Button>
            </Alert>
          ) : isBatchClosed(lifecycle, b.status) ? (
            <Alert tone={b.status === 'released' ? 'success' : 'warning'} title={`This batch is ${BATCH_STATUS[b.status].label.toLowerCase()}.`} data-testid="cockpit-state">
              {b.signatures.length ? `Signed by ${b.signatures.at(-1)?.signer.name}.` : null}
            </Alert>
          ) : ready ? (
            <Alert tone="success" title="Nothing blocks release." data-testid="cockpit-state">
              An approved, passing release inspection is on record and nothing awaits review.
            </Alert>
          ) : (
            <div className="grid gap-2" data-testid="cockpit-state">
              <p className="text-[13px] font-medium">Release is blocked by {blockers.length === 1 ? 'one thing' : `${blockers.length} things`}:</p>
              <ul className="grid gap-1.5" aria-label="What blocks release">
                {blockers.map((blocker) => (
                  <li key={`${blocker.code}-${blocker.inspectionId ?? ''}`} className="flex items-start gap-2 text-[13px]" data-testid="release-blocker" data-code={blocker.code}>
                    <OctagonX aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-danger" />
                    <span>
                      {blocker.message}
                      {blocker.inspectionId ? (
                        <>
                          {' '}
                          <Link href={`/t/${tenant}/inspections/${blocker.inspectionId}`} className="text-link hover:underline">
                            Open the inspection
                          </Link>
                        </>
                      ) : null}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}

          {moves.length > 0 ? (
            <div className="grid gap-2 border-t border-border pt-4">
              <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Next steps">
                {moves.map(({ move: m, allowed, reasons }) => {
                  return (
                    <Button
                      key={m.to}
                      variant={m.to === 'released' || !m.signature ? 'primary' : m.to === 'rejected' || m.to === 'recalled' ? 'destructive' : 'secondary'}
                      disabled={!allowed || check.isPending}
                      title={reasons.join(' ') || undefined}
                      onClick={() => (m.signature ? setSigning(m) : setConfirming(m))}
                    >
                      {moveLabel(m)}
                      {m.signature ? <span className="text-xs opacity-80">· signature</span> : null}
                    </Button>
                  );
                })}
              </div>
              {segregation && !segregation.allowed ? (
                <p className="text-xs text-muted-foreground" data-testid="segregation-note">
                  Segregation of duties: {segregation.reasons.join(' ')}
                </p>
              ) : moves.some((o) => o.move.releaseGuard) && !ready ? (
                <p className="text-xs text-muted-foreground">Release is possible once nothing above blocks it.</p>
              ) : null}
            </div>
          ) : (
            <p className="border-t border-border pt-4 text-xs text-muted-foreground">
              {hasNextStep(lifecycle, b.status) ? 'Your roles do not include the next step for this batch.' : 'No further step exists for this batch.'}
            </p>
          )}
        </CardContent>
      </Card>

      <Tabs.Root value={tab} onValueChange={(value) => listParams.set('tab', value === 'overview' ? '' : value)} className="grid gap-4">
        <Tabs.List aria-label="Batch record" className="flex gap-1 border-b border-border">
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

        <Tabs.Content value="overview" className="focus-visible:outline-none">
          <Card>
            <CardContent className="pt-4">
              <dl className="grid gap-x-8 gap-y-3 text-[13px] sm:grid-cols-2 lg:grid-cols-3">
                <Fact label="Batch number">
                  <span className="font-mono">{b.batchNumber}</span>
                </Fact>
                <Fact label="Product">{b.productName}</Fact>
                <Fact label="GTIN">{b.gtin ? <span className="font-mono">{b.gtin}</span> : <span className="text-muted-foreground">None</span>}</Fact>
                <Fact label="Site">
                  <span className="font-mono">{b.site.code}</span> {b.site.name}
                </Fact>
                <Fact label="Planned quantity">{b.plannedQuantity.toLocaleString()}</Fact>
                <Fact label="Expires on">{b.expiresOn}</Fact>
                <Fact label="Status">
                  <BatchStatusBadge status={b.status} />
                </Fact>
                <Fact label="Created">
                  <LocalTime iso={b.createdAt} />
                </Fact>
                <Fact label="Last changed">
                  <LocalTime iso={b.updatedAt} />
                </Fact>
              </dl>
            </CardContent>
          </Card>
        </Tabs.Content>

        <Tabs.Content value="inspections" className="grid gap-3 focus-visible:outline-none">
          {can.has('inspections.perform') && mayRecordInspection(lifecycle, b.status).allowed ? (
            <div className="flex justify-end">
              <Button variant="primary" onClick={() => setRecording(true)}>
                <ClipboardCheck aria-hidden="true" />
                Record inspection
              </Button>
            </div>
          ) : null}
          <Card className="overflow-hidden p-0">
            {!can.has('inspections.read') ? (
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
                {can.has('inspections.perform')
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
                        <Link href={`/t/${tenant}/inspections/${i.id}`} className="rounded-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring">
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
                      <TableCell className="whitespace-nowrap">{i.reviewedBy?.name ?? <span className="text-muted-foreground">—</span>}</TableCell>
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
        </Tabs.Content>

        {can.has('serials.read') ? (
          <Tabs.Content value="serials" className="focus-visible:outline-none">
            <SerialsPanel
              tenant={tenant}
              batch={{ id: b.id, batchNumber: b.batchNumber, gtin: b.gtin, status: b.status }}
              rules={serialRules}
              canGenerate={can.has('serials.generate')}
              canChangeStatus={can.has('serials.update')}
            />
          </Tabs.Content>
        ) : null}

        <Tabs.Content value="signatures" className="focus-visible:outline-none">
          <Card className="overflow-hidden p-0">
            <SignaturesList signatures={b.signatures} emptyText="Release, rejection and recall are signed here with the signer's password." />
          </Card>
        </Tabs.Content>

        <Tabs.Content value="notes" className="focus-visible:outline-none">
          <NotesPanel tenant={tenant} record={{ type: 'batch', id: b.id }} canAdd={can.has('batches.update')} />
        </Tabs.Content>

        <Tabs.Content value="history" className="focus-visible:outline-none">
          <HistoryTab tenant={tenant} batch={b} canReadAudit={can.has('audit.read')} />
        </Tabs.Content>
      </Tabs.Root>

      <Dialog open={confirming !== null} onOpenChange={(open) => (open || transition.isPending ? undefined : setConfirming(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>
              {confirming ? moveLabel(confirming) : ''} for batch {b.batchNumber}?
            </DialogTitle>
            <DialogDescription>
              The batch moves from {BATCH_STATUS[b.status].label.toLowerCase()} to {confirming ? BATCH_STATUS[confirming.to].label.toLowerCase() : ''}. The move is kept in its history and the audit trail and cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={transition.isPending}>Cancel</Button>
            </DialogClose>
            <Button
              variant="primary"
              pending={transition.isPending}
              onClick={() =>
                confirming &&
                transition.mutate(
                  { to: confirming.to },
                  {
                    onSuccess: () => setConfirming(null),
                    onError: (error) => toast({ tone: 'error', title: 'The batch did not move', description: error.message }),
                  },
                )
              }
            >
              {confirming ? moveLabel(confirming) : ''}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

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
          open={recording}
          onOpenChange={setRecording}
          onRecorded={() => {
            setRecording(false);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function BackLink({ tenant }: { tenant: string }) {
  return (
    <Link href={`/t/${tenant}/batches`} className="inline-flex items-center gap-1 rounded-sm hover:text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Batches
    </Link>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const ACTION_LABEL: Record<string, string> = {
  'batch.created': 'Planned',
  'batch.updated': 'Corrected',
  'batch.production_started': 'Production started',
  'batch.quarantined': 'Quarantined',
  'batch.submitted_for_review': 'Submitted for review',
  'batch.released': 'Released',
  'batch.rejected': 'Rejected',
  'batch.recalled': 'Recalled',
  'signature.failed': 'Signature refused (wrong password)',
  'note.added': 'Note added',
  'attachment.added': 'File attached',
  'serials.generation_requested': 'Serials requested',
  'serials.generated': 'Serials generated',
  'serials.generation_failed': 'Serial generation failed',
  'serials.status_changed': 'Serial status changed',
  'serials.recalled': 'Serials recalled',
};

/**
 * The batch's audit events (GET audit-events?targetType=batch&targetId=…, with audit.read); without that permission
 * or API, its status history from the batch record.
 */
function HistoryTab({ tenant, batch, canReadAudit }: { tenant: string; batch: BatchDetailView; canReadAudit: boolean }) {
  const audit = useQuery({
    queryKey: [...keys.batch(tenant, batch.id), 'audit', batch.updatedAt],
    queryFn: () =>
      api<Page<AuditEvent>>(`${paths.auditEvents(tenant)}?${new URLSearchParams({ targetType: 'batch', targetId: batch.id, limit: '100' })}`),
    enabled: canReadAudit,
    retry: false,
  });
  if (canReadAudit && audit.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading the history" className="grid gap-3 p-4">
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </Card>
    );
  }
  if (canReadAudit && audit.data) {
    const events = audit.data.data;
    return (
      <Card className="overflow-hidden p-0">
        {events.length === 0 ? (
          <EmptyState size="compact" headingLevel="h3" icon={<History />} title="No audit events">
            Every change of this batch is audited here.
          </EmptyState>
        ) : (
          <Table aria-label="Audit events of the batch">
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>What</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Change</TableHead>
                <TableHead>Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => (
                <TableRow key={e.id} data-testid="history-row">
                  <TableCell>
                    <LocalTime iso={e.occurredAt} />
                  </TableCell>
                  <TableCell className="font-medium whitespace-nowrap">
                    {ACTION_LABEL[e.action] ?? e.action}
                    <span className="ml-2 font-mono text-[11px] font-normal text-muted-foreground">{e.action}</span>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{e.actor.name ?? e.actor.type}</TableCell>
                  <TableCell className="max-w-96 text-xs">
                    <ChangeSummary before={e.before} after={e.after} />
                  </TableCell>
                  <TableCell className="max-w-72 text-muted-foreground">{e.reason ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    );
  }
  // The batch's own status history (always there).
  return (
    <Card className="overflow-hidden p-0">
      {canReadAudit && audit.isError ? (
        <p className="border-b border-border px-4 py-2 text-xs text-muted-foreground">The audit trail could not be read ({audit.error.message}); this is the batch&apos;s status history.</p>
      ) : null}
      <Table aria-label="Status history of the batch">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Move</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead>Signed</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {[...batch.history].reverse().map((h) => (
            <TableRow key={h.id} data-testid="history-row">
              <TableCell>
                <LocalTime iso={h.occurredAt} />
              </TableCell>
              <TableCell>
                <div className="flex items-center gap-1.5">
                  {h.from ? <BatchStatusBadge status={h.from} /> : <span className="text-xs text-muted-foreground">New</span>}
                  <span aria-label="to">→</span>
                  <BatchStatusBadge status={h.to} />
                </div>
              </TableCell>
              <TableCell className="whitespace-nowrap">{h.actor.name}</TableCell>
              <TableCell className="max-w-72 text-muted-foreground">{h.reason ?? '—'}</TableCell>
              <TableCell>{h.signatureId ? <CircleCheck aria-label="Signed" className="size-4 text-success" /> : <span className="text-muted-foreground">—</span>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

function ChangeSummary({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const keysOf = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changed = [...keysOf].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && k !== 'updatedAt');
  if (changed.length === 0) return <span className="text-muted-foreground">—</span>;
  const show = (v: unknown) =>
    v === null || v === undefined
      ? '∅'
      : typeof v === 'object'
        ? 'meaning' in (v as object)
          ? `signed (${String((v as { meaning: unknown }).meaning)})`
          : JSON.stringify(v)
        : String(v);
  return (
    <ul className="grid gap-0.5">
      {changed.slice(0, 4).map((k) => (
        <li key={k} className="truncate">
          <span className="text-muted-foreground">{k}:</span> {before ? <s className="text-muted-foreground">{show(before[k])}</s> : null} {show(after?.[k])}
        </li>
      ))}
      {changed.length > 4 ? <li className="text-muted-foreground">and {changed.length - 4} more</li> : null}
    </ul>
  );
}

/** Export the batch record (batches.read): a readable A4 PDF, or the JSON record, both downloads from the API. */
function ExportMenu({ tenant, batch }: { tenant: string; batch: BatchDetailView }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button data-testid="export-menu">
          <FileDown aria-hidden="true" />
          Export
          <ChevronDown aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          Batch {batch.batchNumber} with its inspections, signatures, notes and audit history
        </DropdownMenuLabel>
        <DropdownMenuItem asChild>
          <a href={paths.exportBatch(tenant, batch.id, 'pdf')} download>
            <FileText aria-hidden="true" />
            Batch record (PDF)
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={paths.exportBatch(tenant, batch.id, 'json')} download>
            <FileJson aria-hidden="true" />
            Batch record (JSON)
          </a>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
