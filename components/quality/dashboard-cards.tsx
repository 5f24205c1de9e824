import type * as React from 'react';
import Link from 'next/link';
import { ChartColumn, CircleAlert, CircleCheck, ClipboardCheck, Signature } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import type { DashboardView } from '@/lib/quality/schemas';
import { AwaitingReviewList } from './awaiting-review-list';
import { BatchStatusBadge, MEANING_LABEL } from './status';

const MEANING_TONE = { approved: 'success', released: 'success', rejected: 'danger', recalled: 'danger', reviewed: 'neutral' } as const;

/** Links inside text are underlined, not told by colour alone. */
const textLink = 'rounded-sm text-link underline underline-offset-2 hover:no-underline focus-visible:outline-2 focus-visible:outline-ring';

/** A dashboard card: icon, title, one line of description, an optional action or figure on the right. */
export function DashCard({
  id,
  icon,
  title,
  description,
  children,
  action,
  className,
}: {
  id: string;
  icon: React.ReactNode;
  title: string;
  description: string;
  children: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <Card aria-labelledby={`${id}-card-title`} role="region" data-card={id} className={className}>
      <CardHeader>
        <div
          aria-hidden="true"
          className="hidden size-8 shrink-0 items-center justify-center rounded-md border border-border bg-muted text-muted-foreground sm:flex [&_svg]:size-4"
        >
          {icon}
        </div>
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <CardTitle id={`${id}-card-title`}>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        {action}
      </CardHeader>
      <CardContent className="flex min-w-0 flex-1 flex-col">{children}</CardContent>
    </Card>
  );
}

/** Every lifecycle state with its number of batches, each a link to the list filtered by it. */
export function BatchesByStatus({ base, data }: { base: string; data: DashboardView }) {
  return (
    <DashCard
      id="batches-by-status"
      icon={<ChartColumn />}
      title="Batches by status"
      description={`${data.totalBatches.toLocaleString('en')} batch${data.totalBatches === 1 ? '' : 'es'}, counted by where each is in its lifecycle.`}
      action={
        <Link href={`${base}/batches`} className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
          All batches
        </Link>
      }
    >
      {data.totalBatches === 0 ? (
        <EmptyState
          size="compact"
          headingLevel="h3"
          title="No batches yet"
          className="rounded-md border border-dashed border-border bg-muted/30 py-8"
        >
          Batches appear here once operators plan them.
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" aria-label="Batches by status">
          {data.batchesByStatus.map(({ status, count }) => (
            <li key={status} className="min-w-0">
              {/* Named by its visible words ("2 Under review"): no aria-label that would say something else. */}
              <Link
                href={`${base}/batches?status=${status}`}
                className="grid gap-1.5 rounded-lg border border-border px-3 py-2.5 hover:bg-muted/50 focus-visible:outline-2 focus-visible:outline-ring"
                data-testid="status-count"
                data-status={status}
              >
                <span className={`text-xl font-semibold tabular-nums ${count === 0 ? 'text-muted-foreground' : ''}`}>{count}</span>
                <BatchStatusBadge status={status} className="w-fit max-w-full" />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </DashCard>
  );
}

/** The oldest inspections waiting for a QA reviewer's signature. */
export function AwaitingReview({ base, awaiting }: { base: string; awaiting: NonNullable<DashboardView['awaitingReview']> }) {
  return (
    <DashCard
      id="inspections-awaiting-review"
      icon={<ClipboardCheck />}
      title="Inspections awaiting review"
      description="Performed inspections waiting for a QA reviewer’s signature, oldest first."
      action={
        <span className="text-2xl font-semibold tabular-nums" data-testid="awaiting-count">
          {awaiting.count}
          <span className="sr-only"> awaiting review</span>
        </span>
      }
    >
      {awaiting.count === 0 ? (
        <EmptyState
          size="compact"
          headingLevel="h3"
          title="Nothing awaiting review"
          className="rounded-md border border-dashed border-border bg-muted/30 py-8"
        >
          Inspections show up here once they are performed, until QA reviews and signs them.
        </EmptyState>
      ) : (
        <div className="grid gap-2">
          <AwaitingReviewList base={base} rows={awaiting.oldest} />
          {awaiting.count > awaiting.oldest.length ? (
            <p className="text-xs text-muted-foreground">
              And {awaiting.count - awaiting.oldest.length} more.{' '}
              <Link href={`${base}/batches?status=under_review`} className={textLink}>
                Batches under review
              </Link>
            </p>
          ) : null}
        </div>
      )}
    </DashCard>
  );
}

/** The newest electronic signatures: meaning, signer, record and whether it still matches. */
export function RecentSignatures({ base, signatures }: { base: string; signatures: DashboardView['recentSignatures'] }) {
  return (
    <DashCard
      id="recent-signatures"
      icon={<Signature />}
      title="Recent signatures"
      description="Electronic signatures on reviews and batch decisions, newest first."
      className="lg:col-span-2"
    >
      {signatures.length === 0 ? (
        <EmptyState
          size="compact"
          headingLevel="h3"
          title="No signatures yet"
          className="rounded-md border border-dashed border-border bg-muted/30 py-8"
        >
          Each signature is listed here with its meaning, the signer’s printed name and the time.
        </EmptyState>
      ) : (
        <ul className="grid divide-y divide-border" aria-label="Recent signatures">
          {signatures.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-[13px]" data-testid="recent-signature">
              <Badge tone={MEANING_TONE[s.meaning] ?? 'neutral'} dot>
                {MEANING_LABEL[s.meaning] ?? s.meaning}
              </Badge>
              <span className="font-medium">{s.signer.name}</span>
              <span className="text-muted-foreground">
                {s.record.type === 'inspection' ? (
                  <Link href={`${base}/inspections/${s.record.id}`} className={textLink}>
                    Inspection
                  </Link>
                ) : (
                  'Batch'
                )}{' '}
                of{' '}
                <Link href={`${base}/batches/${s.batch.id}`} className={`font-mono text-xs ${textLink}`}>
                  {s.batch.batchNumber}
                </Link>
              </span>
              <span className="ml-auto flex flex-wrap items-center gap-2 text-xs">
                {s.valid ? (
                  <span className="inline-flex items-center gap-1 text-success">
                    <CircleCheck aria-hidden="true" className="size-3.5" />
                    Valid
                  </span>
                ) : (
                  <span className="inline-flex items-center gap-1 text-danger" title="The record changed after it was signed.">
                    <CircleAlert aria-hidden="true" className="size-3.5" />
                    No longer matches
                  </span>
                )}
                <LocalTime iso={s.signedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </DashCard>
  );
}
