'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { OctagonX } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { hasNextStep, isBatchClosed, mayDecideOnBatch, movesFor } from '@/lib/quality/policy';
import type { BatchDetailView, InspectionView, Move, ReleaseCheck } from './api';
import { moveLabel } from './move-label';
import { BlockerStep } from './release-next-steps';
import { BATCH_STATUS } from './status';

export type ReleaseCockpitProps = {
  tenant: string;
  lifecycle: readonly Move[];
  batch: BatchDetailView;
  check: UseQueryResult<ReleaseCheck>;
  permissions: readonly string[];
  /** The batch's inspections, when the viewer may read them: the blockers name them by type and time. */
  inspections: readonly InspectionView[] | undefined;
  /** Open the record-inspection dialog (a release inspection, or a retest of `retestOf`): a blocker's next step. */
  onRecord: (retestOf?: InspectionView) => void;
  /** A move the viewer chose: signed moves open the signature dialog, the others a confirmation. */
  onMove: (move: Move) => void;
};

/** What stands between the batch and release (blockers, segregation of duties) and the viewer's next moves. */
export function ReleaseCockpit({ tenant, lifecycle, batch: b, check, permissions, inspections, onRecord, onMove }: ReleaseCockpitProps) {
  const held = new Set(permissions);
  const blockers = check.data?.blockers ?? [];
  const ready = check.data?.ready ?? false;
  // The viewer's moves and why some are held back (lib/quality/policy.ts): their involvement in the batch comes with
  // the release check, computed by the server from the whole record.
  const involvement = check.data?.involvement ?? [];
  const moves = movesFor(lifecycle, { status: b.status, permissions, involvement, blockers });
  const segregation = moves.some((o) => o.move.segregated) ? mayDecideOnBatch(involvement, 'release or reject') : null;

  return (
    <Card aria-labelledby="cockpit-title" role="region" data-testid="release-cockpit">
      <CardHeader>
        <div className="flex min-w-0 flex-col gap-0.5">
          <CardTitle id="cockpit-title">Release cockpit</CardTitle>
          <CardDescription>What stands between this batch and release, and what you can do next.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        {check.isPending ? (
          <Skeleton className="h-10 w-full" />
        ) : check.isError ? (
          <Alert tone="danger" role="alert" title="The release check could not be loaded.">
            <Button variant="link" size="sm" onClick={() => void check.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : isBatchClosed(lifecycle, b.status) ? (
          <Alert
            tone={b.status === 'released' ? 'success' : 'warning'}
            title={`This batch is ${BATCH_STATUS[b.status].label.toLowerCase()}.`}
            data-testid="cockpit-state"
          >
            {b.signatures.length ? `Signed by ${b.signatures.at(-1)?.signer.name}.` : null}
          </Alert>
        ) : ready ? (
          <Alert tone="success" title="Nothing blocks release." data-testid="cockpit-state">
            An approved, passing release inspection is on record and nothing awaits review.
          </Alert>
        ) : (
          <div className="grid gap-2" data-testid="cockpit-state">
            <p className="text-[13px] font-medium">
              Release is blocked by {blockers.length === 1 ? 'one thing' : `${blockers.length} things`}:
            </p>
            <ul className="grid gap-3" aria-label="What blocks release">
              {blockers.map((blocker) => (
                <li
                  key={`${blocker.code}-${blocker.inspectionId ?? ''}`}
                  className="flex min-w-0 items-start gap-2 text-[13px]"
                  data-testid="release-blocker"
                  data-code={blocker.code}
                >
                  <OctagonX aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-danger" />
                  <BlockerStep blocker={blocker} context={{ tenant, lifecycle, batch: b, permissions: held, inspections, onRecord }} />
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
                    variant={
                      m.to === 'released' || !m.signature
                        ? 'primary'
                        : m.to === 'rejected' || m.to === 'recalled'
                          ? 'destructive'
                          : 'secondary'
                    }
                    disabled={!allowed || check.isPending}
                    title={reasons.join(' ') || undefined}
                    onClick={() => onMove(m)}
                  >
                    {moveLabel(m)}
                    {m.signature ? <span className="text-xs font-normal">· signature</span> : null}
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
            {hasNextStep(lifecycle, b.status)
              ? 'Your roles do not include the next step for this batch.'
              : 'No further step exists for this batch.'}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
