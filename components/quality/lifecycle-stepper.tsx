'use client';

import { Check, ChevronRight } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { lifecyclePosition, type StepState } from '@/lib/quality/lifecycle-path';
import type { BatchStatus, Move } from './api';
import { moveLabel } from './move-label';
import { BATCH_STATUS } from './status';
import { whoMay } from './who-may';

/** Each step's word: where it stands is said in words, never by colour alone. */
const STATE_WORD: Record<StepState, string> = {
  done: 'Done',
  current: 'Now',
  next: 'Next',
  later: 'Later',
  skipped: 'Not reached',
};

const STATE_CLASS: Record<StepState, string> = {
  done: 'border-border bg-card text-foreground',
  current: 'border-primary bg-primary/10 text-foreground ring-1 ring-primary',
  next: 'border-dashed border-primary/60 bg-card text-foreground',
  later: 'border-border bg-muted/40 text-muted-foreground',
  skipped: 'border-border bg-muted/40 text-muted-foreground line-through decoration-1',
};

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export type LifecycleStepperProps = {
  lifecycle: readonly Move[];
  status: BatchStatus;
  permissions: readonly string[];
};

/**
 * The batch lifecycle as a stepper: planned → in production → quarantined → under review → released, and the side
 * exits (rejected, recalled); where the batch is, what comes next and who may do it. The order and the moves come
 * from the lifecycle (lib/quality/lifecycle.ts) through lib/quality/lifecycle-path.ts.
 */
export function LifecycleStepper({ lifecycle, status, permissions }: LifecycleStepperProps) {
  const { steps, next, exits } = lifecyclePosition(lifecycle, status);
  const held = new Set(permissions);
  const stepWords = (m: Move) =>
    held.has(m.permission)
      ? `Your roles allow it: “${moveLabel(m)}” in the release cockpit.`
      : `${capitalized(whoMay(m.permission))} does it.`;

  return (
    <Card aria-labelledby="lifecycle-title" role="region" data-testid="lifecycle-stepper">
      <CardHeader>
        <div className="flex min-w-0 flex-col gap-0.5">
          <CardTitle id="lifecycle-title">Lifecycle</CardTitle>
          <CardDescription>Where this batch is on its way to release, and what comes next.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-3 text-[13px]">
        <ol className="flex flex-wrap items-center gap-x-1 gap-y-2" aria-label="Batch lifecycle">
          {steps.map((step, i) => (
            <li
              key={step.status}
              aria-current={step.state === 'current' ? 'step' : undefined}
              data-state={step.state}
              data-status={step.status}
              className="flex items-center gap-1"
            >
              {i > 0 ? <ChevronRight aria-hidden="true" className="size-3.5 shrink-0 text-muted-foreground" /> : null}
              <span className={cn('inline-flex items-center gap-1.5 rounded-md border px-2 py-1', STATE_CLASS[step.state])}>
                {step.state === 'done' ? <Check aria-hidden="true" className="size-3.5 shrink-0 text-success" /> : null}
                <span className={step.state === 'current' ? 'font-semibold' : 'font-medium'}>{BATCH_STATUS[step.status].label}</span>
                <span className="text-xs text-muted-foreground">
                  <span className="sr-only">: </span>
                  {STATE_WORD[step.state]}
                </span>
              </span>
            </li>
          ))}
        </ol>
        <div className="grid gap-1" data-testid="lifecycle-next">
          {next ? (
            <p>
              <span className="font-medium">What comes next:</span> {BATCH_STATUS[next.to].label.toLowerCase()}. {stepWords(next)}
            </p>
          ) : (
            <p>
              <span className="font-medium">What comes next:</span>{' '}
              {exits.length
                ? 'nothing more: the batch has reached the end of its way.'
                : `nothing: the batch is ${BATCH_STATUS[status].label.toLowerCase()} and its signed record is closed.`}
            </p>
          )}
          {exits.map((m) => (
            <p key={m.to} className="text-muted-foreground">
              It may {next ? 'instead' : 'still'} be {BATCH_STATUS[m.to].label.toLowerCase()}
              {m.signature ? ' with a signature' : ''}. {stepWords(m)}
            </p>
          ))}
          <p className="text-muted-foreground">
            Why quarantine comes before review: the batch is held in quarantine while QA inspects it; it cannot be shipped or used until it
            is released.
          </p>
        </div>
      </CardContent>
    </Card>
  );
}
