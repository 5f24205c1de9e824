'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { retryJobAction } from '@/app/admin/jobs/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { FormError } from '@/components/ui/form-error';
import { toast } from '@/components/ui/toast';
import type { JobListItem, JobsOverview } from '@/lib/jobs/job-admin';
import { LocalTime } from './local-time';

/** A queue's name in words: `serial-generation` → "Serial generation". */
export const queueLabel = (name: string) => {
  const words = name.replace(/-/g, ' ');
  return words[0].toUpperCase() + words.slice(1);
};

const attemptsText = (job: JobListItem) =>
  job.state === 'queued'
    ? job.attempts === 0
      ? 'Not run yet'
      : `Ran ${job.attempts} of ${job.maxAttempts} times; runs again`
    : `Run ${job.attempts} of ${job.maxAttempts}`;

/** The job engine for platform admins: per queue the counts, then the queued, running and failed jobs. */
export function JobsPanel({ overview }: { overview: JobsOverview }) {
  const [retrying, setRetrying] = React.useState<JobListItem | null>(null);
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader className="flex-col gap-1">
          <CardTitle>Queues</CardTitle>
          <CardDescription>
            Work queues run serial generation, mail and webhooks as soon as they are asked for; schedules run housekeeping at set times.
            Failed jobs are kept for a week.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-2" aria-label="Queues">
            {overview.queues.map((q) => (
              <li key={q.name} className="grid gap-1 rounded-md border border-border p-3 sm:grid-cols-[1fr_auto] sm:items-center">
                <div className="grid min-w-0 gap-0.5">
                  <span className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    {queueLabel(q.name)}
                    <Badge tone={q.kind === 'work' ? 'accent' : 'neutral'}>{q.kind === 'work' ? 'Work queue' : 'Schedule'}</Badge>
                  </span>
                  <span className="text-xs text-muted-foreground">{q.summary}</span>
                </div>
                <dl className="flex gap-4 text-sm tabular-nums">
                  <div className="grid">
                    <dt className="text-xs text-muted-foreground">Waiting</dt>
                    <dd>{q.queued}</dd>
                  </div>
                  <div className="grid">
                    <dt className="text-xs text-muted-foreground">Running</dt>
                    <dd>{q.active}</dd>
                  </div>
                  <div className="grid">
                    <dt className="text-xs text-muted-foreground">Failed</dt>
                    <dd className={q.failed > 0 ? 'font-semibold text-danger' : undefined}>{q.failed}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <JobList
        title="Failed jobs"
        description="Jobs that used up their tries, latest first, with the error their run gave."
        jobs={overview.failed}
        empty="No job has failed."
        onRetry={setRetrying}
      />
      <JobList title="Running" description="Jobs a server or worker is running now." jobs={overview.active} empty="Nothing is running." />
      <JobList
        title="Waiting"
        description="Jobs waiting for a worker, or for their next try after an error; oldest first."
        jobs={overview.queued}
        empty="Nothing is waiting."
      />
      <RetryDialog job={retrying} onClose={() => setRetrying(null)} />
    </div>
  );
}

function JobList({
  title,
  description,
  jobs,
  empty,
  onRetry,
}: {
  title: string;
  description: string;
  jobs: JobListItem[];
  empty: string;
  onRetry?: (job: JobListItem) => void;
}) {
  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {jobs.length === 0 ? (
          <EmptyState title={empty} size="compact" headingLevel="h3" />
        ) : (
          <ul className="grid gap-2" aria-label={title}>
            {jobs.map((job) => (
              <li key={job.id} className="grid gap-2 rounded-md border border-border p-3 sm:grid-cols-[1fr_auto] sm:items-start">
                <div className="grid min-w-0 gap-1">
                  <span className="text-sm font-medium">{queueLabel(job.queue)}</span>
                  <span className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground">
                    <span>
                      Queued <LocalTime iso={job.createdAt} />
                    </span>
                    {job.startedAt ? (
                      <span>
                        Started <LocalTime iso={job.startedAt} />
                      </span>
                    ) : null}
                    <span>{attemptsText(job)}</span>
                  </span>
                  {job.error ? <p className="text-sm break-words text-danger">{job.error}</p> : null}
                </div>
                {onRetry ? (
                  <Button size="sm" onClick={() => onRetry(job)} aria-label={`Retry the failed ${queueLabel(job.queue).toLowerCase()} job`}>
                    Retry
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function RetryDialog({ job, onClose }: { job: JobListItem | null; onClose: () => void }) {
  const router = useRouter();
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();
  const [shown, setShown] = React.useState<JobListItem | null>(job);
  if (job && job !== shown) {
    setShown(job);
    setError(null);
  }
  const confirm = () =>
    startTransition(async () => {
      if (!job) return;
      const result = await retryJobAction({ queue: job.queue, id: job.id });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      toast({ title: `The ${queueLabel(job.queue).toLowerCase()} job runs again` });
      onClose();
      router.refresh();
    });
  return (
    <Dialog open={job !== null} onOpenChange={(open) => (open || pending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Run this job again?</DialogTitle>
          <DialogDescription>
            The {shown ? queueLabel(shown.queue).toLowerCase() : ''} job goes back into its queue and the next free worker runs it. Its work
            continues from what is stored, so nothing is done twice. The retry is recorded in the platform trail.
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="button" variant="primary" pending={pending} onClick={confirm}>
            Retry job
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
