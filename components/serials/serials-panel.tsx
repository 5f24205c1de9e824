'use client';

import * as React from 'react';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Barcode, ListChecks } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import { controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { oneOf, useListParams, useTableSort } from '@/components/ui/use-list-params';
import {
  api,
  isActive,
  serialKeys,
  serialPaths,
  type Page,
  type SerialItem,
  type SerialJobView,
  type SerialRules,
  type SerialStatus,
  type SerialSummary,
} from './api';
import { ChangeSerialStatusDialog, type SerialSelection } from './change-serial-status-dialog';
import { whyNoSerials } from '@/lib/serials/policy';
import { GenerateSerialsDialog, type SerialBatch } from './generate-serials-dialog';
import { SerialsSummaryCard } from './serials-summary-card';
import { SERIAL_SORT, SerialsTable } from './serials-table';
import { SERIAL_STATUS } from './serial-status';

const PAGE = 100;
/** How the shown serials are ordered, in words, for the line under the table. */
const SERIAL_ORDER_WORDS: Record<string, string> = {
  'serial-asc': 'in serial order',
  'serial-desc': 'in reverse serial order',
  'status-asc': 'by status',
  'status-desc': 'by status, last status first',
};
/** The status filter's URL parameter on the batch page (`?tab=serials&serialStatus=released`). */
export const SERIAL_STATUS_PARAM = 'serialStatus';

export type SerialsPanelProps = {
  tenant: string;
  batch: SerialBatch;
  rules: SerialRules;
  /** serials.generate: the Generate button. */
  canGenerate: boolean;
  /** serials.update: row selection, ranges and the status change. */
  canChangeStatus: boolean;
};

/**
 * The batch's Serials tab (serials.read): how many serials it has and the chance of guessing one, the latest
 * generation job with a live progress bar (found again after a reload through GET serial-jobs?limit=1), the serial
 * list with a status filter kept in the URL and cursor pages, CSV export, and status changes of selected rows or a
 * range with a reason.
 */
export function SerialsPanel({ tenant, batch, rules, canGenerate, canChangeStatus }: SerialsPanelProps) {
  const queryClient = useQueryClient();
  const listParams = useListParams();
  const status = oneOf<SerialStatus | ''>(listParams.params.get(SERIAL_STATUS_PARAM), ['', ...rules.statuses]);

  const summary = useQuery({
    queryKey: serialKeys.summary(tenant, batch.id),
    queryFn: () => api<SerialSummary>(serialPaths.summary(tenant, batch.id)),
  });
  const latestJob = useQuery({
    queryKey: serialKeys.latestJob(tenant, batch.id),
    queryFn: () => api<Page<SerialJobView>>(`${serialPaths.jobs(tenant, batch.id)}?limit=1`).then((r) => r.data[0] ?? null),
  });
  const sort = useTableSort(SERIAL_SORT);
  const list = useInfiniteQuery({
    queryKey: [...serialKeys.list(tenant, batch.id, status), sort.id, sort.dir],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: String(PAGE), sort: sort.id, dir: sort.dir });
      if (status) qs.set('status', status);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page<SerialItem>>(`${serialPaths.list(tenant, batch.id)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  const [generating, setGenerating] = React.useState(false);
  const [changing, setChanging] = React.useState<SerialSelection | null>(null);
  const [selected, setSelected] = React.useState<Map<string, SerialStatus>>(() => new Map());
  // Another status filter clears the selection; adjusted while rendering.
  const [shownStatus, setShownStatus] = React.useState(status);
  if (shownStatus !== status) {
    setShownStatus(status);
    setSelected(new Map());
  }

  const reload = React.useCallback(
    () => void queryClient.invalidateQueries({ queryKey: serialKeys.all(tenant, batch.id) }),
    [queryClient, tenant, batch.id],
  );
  const onJobFinished = React.useCallback(() => reload(), [reload]);

  const job = latestJob.data ?? null;
  const running = isActive(job);
  const total = summary.data?.total ?? 0;
  const shownAll = rows.length > 0 && rows.every((r) => selected.has(r.serial));
  const toggleAll = () => setSelected(shownAll ? new Map() : new Map(rows.map((r) => [r.serial, r.status])));
  const toggle = (row: SerialItem) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(row.serial)) next.delete(row.serial);
      else next.set(row.serial, row.status);
      return next;
    });
  const selection = [...selected].map(([serial, s]) => ({ serial, status: s }));
  const sortedSelection = selection.map((s) => s.serial).sort();

  return (
    <div className="grid min-w-0 grid-cols-1 gap-4" data-testid="serials-panel">
      <SerialsSummaryCard
        tenant={tenant}
        batch={batch}
        rules={rules}
        status={status}
        summary={summary}
        latestJob={latestJob}
        canGenerate={canGenerate}
        onGenerate={() => setGenerating(true)}
        onJobFinished={onJobFinished}
      />

      {/* The status filter and the status-change buttons wrap onto lines of their own rather than widen a phone's page. */}
      <div className="flex min-w-0 flex-wrap items-end justify-between gap-2">
        <div className="grid w-full min-w-0 gap-1.5 sm:w-56">
          <Label htmlFor="serials-status">Status</Label>
          <select
            id="serials-status"
            className={cn(controlClasses, 'h-8')}
            value={status}
            onChange={(e) => listParams.set(SERIAL_STATUS_PARAM, e.target.value)}
          >
            <option value="">All statuses{summary.data ? ` (${summary.data.total.toLocaleString('en')})` : ''}</option>
            {rules.statuses.map((s) => (
              <option key={s} value={s}>
                {SERIAL_STATUS[s].label}
                {summary.data ? ` (${summary.data.byStatus[s].toLocaleString('en')})` : ''}
              </option>
            ))}
          </select>
        </div>
        {canChangeStatus && total > 0 ? (
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Status changes">
            {selected.size > 0 ? (
              <>
                <span className="text-[13px] text-muted-foreground tabular-nums" data-testid="selected-count">
                  {selected.size.toLocaleString('en')} selected
                </span>
                <Button size="sm" variant="ghost" onClick={() => setSelected(new Map())}>
                  Clear
                </Button>
                <Button size="sm" variant="primary" onClick={() => setChanging({ kind: 'list', serials: selection })}>
                  <ListChecks aria-hidden="true" />
                  Change status of {selected.size.toLocaleString('en')}
                </Button>
              </>
            ) : null}
            <Button
              size="sm"
              onClick={() =>
                setChanging({ kind: 'range', from: sortedSelection[0] ?? rows[0]?.serial, to: sortedSelection.at(-1) ?? undefined })
              }
            >
              Change a range…
            </Button>
          </div>
        ) : null}
      </div>

      {/* The table draws its own frame (cards on a phone); only the states without rows sit in a card. */}
      {rows.length > 0 ? (
        <SerialsTable
          tenant={tenant}
          batchId={batch.id}
          rows={rows}
          stale={list.isPlaceholderData}
          sort={sort}
          selectable={canChangeStatus}
          selected={selected}
          shownAll={shownAll}
          onToggleAll={toggleAll}
          onToggle={toggle}
        />
      ) : (
        <Card className="overflow-hidden p-0">
          {list.isPending ? (
            <ListSkeleton label="Loading serials" cells={['h-4 w-4', 'h-4 w-28', 'h-4 w-24 rounded-full', 'h-4 w-96']} rows={6} />
          ) : list.isError && !list.data ? (
            <div className="p-4">
              <LoadFailed title="The serials could not be loaded." query={list} />
            </div>
          ) : (
            <div className="p-4">
              <EmptyState
                icon={<Barcode />}
                title={
                  status
                    ? `No ${SERIAL_STATUS[status].label.toLowerCase()} serials`
                    : running
                      ? 'Serials are being generated'
                      : 'No serials yet'
                }
                headingLevel="h3"
                action={
                  status ? (
                    <Button size="sm" onClick={() => listParams.set(SERIAL_STATUS_PARAM, '')}>
                      Show all statuses
                    </Button>
                  ) : canGenerate && !running && !whyNoSerials(batch) ? (
                    <Button size="sm" variant="primary" onClick={() => setGenerating(true)}>
                      <Barcode aria-hidden="true" />
                      Generate serials
                    </Button>
                  ) : undefined
                }
              >
                {status
                  ? 'No serial of this batch has this status. Choose another status or show them all.'
                  : running
                    ? 'They appear here when the job is done.'
                    : whyNoSerials(batch)
                      ? whyNoSerials(batch)
                      : canGenerate
                        ? 'Generate the serials to print on the packs of this batch: each pack gets a random serial and a GS1 DataMatrix.'
                        : 'Serials appear here once an operator generates them for this batch.'}
              </EmptyState>
            </div>
          )}
        </Card>
      )}
      {rows.length > 0 ? (
        <p className="-mt-2 text-center text-xs text-muted-foreground tabular-nums" data-testid="serials-shown">
          {rows.length.toLocaleString('en')} shown
          {summary.data ? ` of ${(status ? summary.data.byStatus[status] : summary.data.total).toLocaleString('en')}` : ''},{' '}
          {SERIAL_ORDER_WORDS[`${sort.id}-${sort.dir}`] ?? 'in serial order'}
        </p>
      ) : null}
      <LoadMore pages={list} size="sm" />

      {canGenerate ? (
        <GenerateSerialsDialog
          tenant={tenant}
          batch={batch}
          rules={rules}
          open={generating}
          onOpenChange={setGenerating}
          onStarted={({ jobId, count }) => {
            setGenerating(false);
            // Show the new job at once (queued), then let the list endpoint confirm it.
            const queued: SerialJobView = {
              id: jobId,
              batchId: batch.id,
              status: 'queued',
              progress: { done: 0, total: count },
              createdAt: new Date().toISOString(),
              finishedAt: null,
            };
            queryClient.setQueryData(serialKeys.latestJob(tenant, batch.id), queued);
          }}
        />
      ) : null}
      {canChangeStatus ? (
        <ChangeSerialStatusDialog
          tenant={tenant}
          batchId={batch.id}
          rules={rules}
          selection={changing}
          onOpenChange={(open) => (open ? undefined : setChanging(null))}
          onChanged={() => {
            setChanging(null);
            setSelected(new Map());
            reload();
          }}
        />
      ) : null}
    </div>
  );
}
