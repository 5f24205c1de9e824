'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { Barcode, FileDown, ShieldCheck } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { InlineSkeleton, Skeleton } from '@/components/ui/skeleton';
import { isActive, serialPaths, type SerialJobView, type SerialRules, type SerialStatus, type SerialSummary } from './api';
import type { SerialBatch } from './generate-serials-dialog';
import { GuessingProbability } from './guessing-probability';
import { SerialJobProgress } from './serial-job-progress';
import { SERIAL_STATUS, serialCount } from './serial-status';

export type SerialsSummaryCardProps = {
  tenant: string;
  batch: SerialBatch;
  rules: SerialRules;
  /** The status filter: the CSV export follows it. */
  status: SerialStatus | '';
  summary: UseQueryResult<SerialSummary>;
  latestJob: UseQueryResult<SerialJobView | null>;
  canGenerate: boolean;
  onGenerate: () => void;
  onJobFinished: () => void;
};

/** How many serials the batch has per status, the latest generation job's progress, export and "Generate serials". */
export function SerialsSummaryCard({
  tenant,
  batch,
  rules,
  status,
  summary,
  latestJob,
  canGenerate,
  onGenerate,
  onJobFinished,
}: SerialsSummaryCardProps) {
  const job = latestJob.data ?? null;
  const running = isActive(job);
  const total = summary.data?.total ?? 0;
  return (
    <Card aria-labelledby="serials-title" role="region" className="min-w-0">
      {/* On a phone the export and generate buttons go under the title instead of pushing the card wider. */}
      <CardHeader className="flex-wrap">
        <div className="flex min-w-0 flex-col gap-0.5">
          <CardTitle id="serials-title" as="h3">
            Serials
          </CardTitle>
          <CardDescription>
            {summary.isPending ? (
              <InlineSkeleton className="mt-1 h-4 w-48" />
            ) : summary.isError ? (
              'The count could not be loaded.'
            ) : (
              <span data-testid="serial-count">
                {serialCount(total)}
                {batch.gtin ? (
                  <>
                    {' '}
                    for GTIN <span className="font-mono">{batch.gtin}</span>
                  </>
                ) : (
                  ' · the batch has no GTIN'
                )}
                {total > 0
                  ? ` · ${rules.statuses
                      .filter((s) => summary.data.byStatus[s] > 0)
                      .map((s) => `${summary.data.byStatus[s].toLocaleString('en')} ${SERIAL_STATUS[s].label.toLowerCase()}`)
                      .join(', ')}`
                  : ''}
              </span>
            )}
          </CardDescription>
        </div>
        <CardAction className="flex-wrap">
          {total > 0 ? (
            <Button asChild size="sm">
              <a href={serialPaths.export(tenant, batch.id, status || undefined)} download data-testid="export-serials">
                <FileDown aria-hidden="true" />
                Export CSV{status ? ` (${SERIAL_STATUS[status].label.toLowerCase()})` : ''}
              </a>
            </Button>
          ) : null}
          {canGenerate ? (
            <Button size="sm" variant="primary" onClick={onGenerate} disabled={running}>
              <Barcode aria-hidden="true" />
              Generate serials
            </Button>
          ) : null}
        </CardAction>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-3">
        {latestJob.isPending ? (
          <Skeleton className="h-8 w-full" />
        ) : job ? (
          <SerialJobProgress key={job.id} tenant={tenant} job={job} onFinished={onJobFinished} />
        ) : null}
        <div className="flex items-start gap-2 rounded-md bg-muted/50 px-3 py-2 text-xs text-muted-foreground">
          <ShieldCheck aria-hidden="true" className="mt-px size-4 shrink-0 text-success" />
          {summary.data ? (
            <GuessingProbability total={summary.data.total} probability={summary.data.guessingProbability} />
          ) : (
            <Skeleton className="h-4 w-2/3" />
          )}
        </div>
      </CardContent>
    </Card>
  );
}
