'use client';

import * as React from 'react';
import Link from 'next/link';
import { ClipboardCheck, Repeat } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Button } from '@/components/ui/button';
import { nextMoveOnRoad } from '@/lib/quality/lifecycle-path';
import { mayRecordInspection } from '@/lib/quality/policy';
import type { BatchDetailView, InspectionView, Move, ReleaseBlocker } from './api';
import { moveLabel } from './move-label';
import { BATCH_STATUS, INSPECTION_TYPE_LABEL } from './status';
import { whoMay } from './who-may';

/** What the cockpit knows when it says how a blocker is removed. */
export type NextStepContext = {
  tenant: string;
  lifecycle: readonly Move[];
  batch: BatchDetailView;
  permissions: ReadonlySet<string>;
  /** The batch's inspections, when the viewer may read them (for the inspection's type and date). */
  inspections: readonly InspectionView[] | undefined;
  /** Open the record-inspection dialog: a release inspection, or a retest of `retestOf`. */
  onRecord: (retestOf?: InspectionView) => void;
};

type Step = {
  /** What blocks release, in a sentence (no ids: the inspection is named by its type and time). */
  what: React.ReactNode;
  /** The action that removes it, for a viewer who may take it. */
  action?: React.ReactNode;
  /** Who may remove it, when the viewer may not. */
  who?: string;
};

/** Links inside text are underlined, not told by colour alone. */
const textLink = 'rounded-sm text-link underline underline-offset-2 hover:no-underline focus-visible:outline-2 focus-visible:outline-ring';

function inspectionWords(inspection: InspectionView | undefined, fallbackType: string) {
  if (!inspection) return <>The {fallbackType} inspection</>;
  return (
    <>
      The {INSPECTION_TYPE_LABEL[inspection.type].toLowerCase()} inspection of <LocalTime iso={inspection.performedAt} /> by{' '}
      {inspection.performedBy.name}
    </>
  );
}

/**
 * Each release blocker's next step, in one place: what blocks, the action that removes it when the viewer may take
 * it (record the release inspection, open the review, record a retest, the next lifecycle move), else who may.
 */
const STEPS: Record<ReleaseBlocker['code'], (blocker: ReleaseBlocker, ctx: NextStepContext) => Step> = {
  wrong_status: (_blocker, { lifecycle, batch, permissions }) => {
    const next = nextMoveOnRoad(lifecycle, batch.status);
    const what = <>The batch is {BATCH_STATUS[batch.status].label.toLowerCase()}: only a batch under review can be released.</>;
    if (!next) return { what };
    const label = moveLabel(next);
    return permissions.has(next.permission)
      ? { what, action: <span className="text-muted-foreground">Next step: “{label}”, under Next steps below.</span> }
      : { what, who: `Next step: “${label}”, by ${whoMay(next.permission)}.` };
  },
  release_inspection_missing: (_blocker, { lifecycle, batch, permissions, onRecord }) => {
    const what = 'No approved, passing release inspection is on record.';
    if (!mayRecordInspection(lifecycle, batch.status).allowed) return { what };
    return permissions.has('inspections.perform')
      ? {
          what,
          action: (
            <Button size="sm" onClick={() => onRecord()} data-testid="record-release-inspection">
              <ClipboardCheck aria-hidden="true" />
              Record the release inspection
            </Button>
          ),
        }
      : { what, who: `The release inspection is recorded by ${whoMay('inspections.perform')}, then reviewed by someone else.` };
  },
  inspection_awaiting_review: (blocker, { tenant, permissions, inspections }) => {
    const inspection = inspections?.find((i) => i.id === blocker.inspectionId);
    const what = <>{inspectionWords(inspection, 'recorded')} awaits review.</>;
    const link =
      blocker.inspectionId && permissions.has('inspections.read') ? (
        <Link href={`/t/${tenant}/inspections/${blocker.inspectionId}`} className={textLink}>
          Open the review
        </Link>
      ) : null;
    return permissions.has('inspections.approve')
      ? { what, action: link ?? undefined }
      : { what, action: link ?? undefined, who: `It is reviewed and signed by ${whoMay('inspections.approve')} who did not perform it.` };
  },
  release_inspection_failed: (blocker, { tenant, lifecycle, batch, permissions, inspections, onRecord }) => {
    const inspection = inspections?.find((i) => i.id === blocker.inspectionId);
    const what = <>{inspectionWords(inspection, 'release')} failed: a retest of it must pass and be approved.</>;
    const link =
      blocker.inspectionId && permissions.has('inspections.read') ? (
        <Link href={`/t/${tenant}/inspections/${blocker.inspectionId}`} className={textLink}>
          Open the failed inspection
        </Link>
      ) : null;
    if (!mayRecordInspection(lifecycle, batch.status).allowed) return { what, action: link ?? undefined };
    if (!permissions.has('inspections.perform'))
      return { what, action: link ?? undefined, who: `A retest is recorded by ${whoMay('inspections.perform')}.` };
    return {
      what,
      action: (
        <span className="inline-flex flex-wrap items-center gap-x-3 gap-y-1">
          {inspection ? (
            <Button size="sm" onClick={() => onRecord(inspection)}>
              <Repeat aria-hidden="true" />
              Record a retest
            </Button>
          ) : null}
          {link}
        </span>
      ),
    };
  },
};

/** One blocker with its next step: the sentence, then the action (or who may take it). */
export function BlockerStep({ blocker, context }: { blocker: ReleaseBlocker; context: NextStepContext }) {
  const step = STEPS[blocker.code](blocker, context);
  return (
    <div className="grid min-w-0 gap-1.5">
      <p className="break-words">{step.what}</p>
      {step.action ? <div className="text-[13px]">{step.action}</div> : null}
      {step.who ? (
        <p className="text-xs text-muted-foreground" data-testid="blocker-who">
          {step.who}
        </p>
      ) : null}
    </div>
  );
}
