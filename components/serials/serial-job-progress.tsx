'use client';

import * as React from 'react';
import { useQuery } from '@tanstack/react-query';
import { CircleCheck, LoaderCircle } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Alert } from '@/components/ui/alert';
import { toast } from '@/components/ui/toast';
import { api, isActive, serialKeys, serialPaths, type SerialJobView } from './api';
import { serialCount } from './serial-status';

/** How often a running job is asked about (GET jobs/{id}). */
const POLL_MS = 700;

type Sample = { at: number; done: number };

/** Serials per second over the last few seconds of samples, or null before there are two. */
function rateOf(samples: Sample[]): number | null {
  if (samples.length < 2) return null;
  const last = samples[samples.length - 1];
  const first = samples.find((s) => last.at - s.at <= 8000 && s.done < last.done) ?? samples[0];
  const seconds = (last.at - first.at) / 1000;
  return seconds > 0.2 && last.done > first.done ? (last.done - first.done) / seconds : null;
}

const duration = (seconds: number) =>
  seconds < 1 ? 'under a second' : seconds < 90 ? `about ${Math.round(seconds)} s` : `about ${Math.round(seconds / 60)} min`;

/**
 * A serial job of the batch, followed at GET jobs/{id} while it is queued or running: a progress bar of done/total
 * with the percentage, the rate and the time left; when the job ends while this page watches it, a toast says how
 * it ended and `onFinished` lets the panel reload the list. A finished job shows one line (or its error).
 */
export function SerialJobProgress({
  tenant,
  job: initial,
  onFinished,
}: {
  tenant: string;
  job: SerialJobView;
  onFinished: (job: SerialJobView) => void;
}) {
  const query = useQuery({
    queryKey: serialKeys.job(tenant, initial.id),
    queryFn: () => api<SerialJobView>(serialPaths.job(tenant, initial.id)),
    initialData: initial,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (isActive(q.state.data) ? POLL_MS : false),
    refetchIntervalInBackground: true,
  });
  const job = query.data;
  const [samples, setSamples] = React.useState<Sample[]>([]);
  const watched = React.useRef(isActive(initial));
  const finished = React.useRef(onFinished);
  React.useEffect(() => {
    finished.current = onFinished;
  }, [onFinished]);

  React.useEffect(() => {
    if (isActive(job)) {
      watched.current = true;
      // A progress sample is stamped with the clock when the poll answers, so it is taken here and not while rendering.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setSamples((s) => (s.at(-1)?.done === job.progress.done ? s : [...s.slice(-30), { at: Date.now(), done: job.progress.done }]));
      return;
    }
    if (!watched.current) return;
    watched.current = false;
    if (job.status === 'completed') toast({ tone: 'success', title: `${serialCount(job.progress.total)} generated` });
    else
      toast({
        tone: 'error',
        title: 'Serial generation failed',
        description: job.error ?? `Stopped after ${serialCount(job.progress.done)}.`,
      });
    finished.current(job);
  }, [job]);

  const { done, total } = job.progress;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 0;

  if (isActive(job)) {
    const rate = rateOf(samples);
    const left = rate ? (total - done) / rate : null;
    return (
      <div className="grid gap-1.5" data-testid="serial-job" data-status={job.status}>
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-[13px]">
          <span className="inline-flex items-center gap-1.5 font-medium">
            <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin text-muted-foreground" />
            {job.status === 'queued' ? 'Waiting to start' : 'Generating'} {serialCount(total)}
          </span>
          <span className="text-xs text-muted-foreground tabular-nums" data-testid="serial-job-figures">
            {done.toLocaleString('en')} of {total.toLocaleString('en')} · {percent}%
            {rate ? ` · ${Math.round(rate).toLocaleString('en')} a second` : ''}
            {left !== null ? ` · ${duration(left)} left` : ''}
          </span>
        </div>
        <div
          role="progressbar"
          aria-label="Serial generation"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${done.toLocaleString('en')} of ${total.toLocaleString('en')} serials`}
          className="h-2 overflow-hidden rounded-full bg-muted"
        >
          <div
            className="h-full rounded-full bg-primary transition-[width] duration-500 ease-out"
            style={{ width: `${Math.max(1.5, percent)}%` }}
          />
        </div>
        <p className="text-xs text-muted-foreground">The job runs on the server: you can leave or reload this page and come back to it.</p>
      </div>
    );
  }
  if (job.status === 'failed') {
    return (
      <Alert tone="danger" title="The last serial generation failed" data-testid="serial-job" data-status="failed">
        {job.error ?? 'The job stopped.'} {serialCount(done)} of {total.toLocaleString('en')} were stored and stay valid.
      </Alert>
    );
  }
  return (
    <p className="text-xs text-muted-foreground" data-testid="serial-job" data-status={job.status}>
      <CircleCheck aria-hidden="true" className="mr-1.5 inline size-3.5 align-[-3px] text-success" />
      Last generation: {serialCount(total)}, completed <LocalTime iso={job.finishedAt} />.
    </p>
  );
}
