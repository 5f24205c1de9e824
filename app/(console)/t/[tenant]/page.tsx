import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { ChartColumn, ChartLine, CircleAlert, CircleCheck, ClipboardCheck, Eye, Signature } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { PassRateChart } from '@/components/quality/pass-rate-chart';
import { BATCH_STATUS, BatchStatusBadge, INSPECTION_TYPE_LABEL, MEANING_LABEL, ResultBadge } from '@/components/quality/status';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { requestIdFrom } from '@/lib/http/request-meta';
import { getDashboard } from '@/lib/quality/dashboard';
import type { DashboardView } from '@/lib/quality/schemas';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { withTenantContext } from '@/lib/tenancy/tenant-context';

export const metadata: Metadata = { title: 'Dashboard' };

const MEANING_TONE = { approved: 'success', released: 'success', rejected: 'danger', recalled: 'danger' } as const;

/**
 * The tenant dashboard (lib/quality/dashboard.ts, the same data as GET /api/v1/tenants/{tenant}/dashboard):
 * batches by status, inspections awaiting review, the 12-week pass rate and recent signatures. Rendered on
 * the server; parts whose records the member may not read are left out.
 */
export default async function TenantDashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  const { tenant, permissions, user } = loaded;
  const base = `/t/${tenant.slug}`;
  const data = permissions.includes('batches.read')
    ? await withTenantContext(user, tenant.slug, { requestId: requestIdFrom(await headers()) }, (ctx) => getDashboard(ctx))
    : null;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow="Dashboard"
        title={tenant.name}
        meta={<Badge tone="accent">{tenant.planId.charAt(0).toUpperCase() + tenant.planId.slice(1)} plan</Badge>}
        description="Production and quality at a glance: batches, inspections waiting for review, pass rate and signatures."
      />

      {!data ? (
        <EmptyState icon={<Eye />} title="Nothing on your dashboard yet">
          Your roles in {tenant.name} do not include reading batches. Ask a tenant administrator if you need them.
        </EmptyState>
      ) : (
        <>
          <BatchesByStatus base={base} data={data} />
          <section aria-label="Quality" className="grid gap-4 lg:grid-cols-2">
            {data.awaitingReview ? <AwaitingReview base={base} awaiting={data.awaitingReview} /> : null}
            {data.passRate ? (
              <DashCard
                id="pass-rate"
                icon={<ChartLine />}
                title="Pass rate · 12 weeks"
                description="Share of recorded inspections that passed, per ISO week (UTC)."
              >
                <PassRateChart weeks={data.passRate} />
              </DashCard>
            ) : null}
            <RecentSignatures base={base} signatures={data.recentSignatures} />
          </section>
        </>
      )}
    </div>
  );
}

function DashCard({
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
          className="flex size-8 shrink-0 items-center justify-center rounded-md border border-border bg-muted text-muted-foreground [&_svg]:size-4"
        >
          {icon}
        </div>
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <CardTitle id={`${id}-card-title`}>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        {action}
      </CardHeader>
      <CardContent className="flex flex-1 flex-col">{children}</CardContent>
    </Card>
  );
}

function BatchesByStatus({ base, data }: { base: string; data: DashboardView }) {
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
            <li key={status}>
              <Link
                href={`${base}/batches?status=${status}`}
                className="grid gap-1.5 rounded-lg border border-border px-3 py-2.5 hover:bg-muted/50 focus-visible:outline-2 focus-visible:outline-ring"
                aria-label={`${BATCH_STATUS[status].label}: ${count} batch${count === 1 ? '' : 'es'}`}
                data-testid="status-count"
                data-status={status}
              >
                <span className={`text-xl font-semibold tabular-nums ${count === 0 ? 'text-muted-foreground' : ''}`}>{count}</span>
                <BatchStatusBadge status={status} className="w-fit" />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </DashCard>
  );
}

function AwaitingReview({ base, awaiting }: { base: string; awaiting: NonNullable<DashboardView['awaitingReview']> }) {
  return (
    <DashCard
      id="inspections-awaiting-review"
      icon={<ClipboardCheck />}
      title="Inspections awaiting review"
      description="Performed inspections waiting for a QA reviewer’s signature, oldest first."
      action={
        <span className="text-2xl font-semibold tabular-nums" data-testid="awaiting-count" aria-label={`${awaiting.count} awaiting review`}>
          {awaiting.count}
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
        <div className="-mx-4 overflow-x-auto">
          <Table aria-label="Oldest inspections awaiting review">
            <TableHeader>
              <TableRow>
                <TableHead>Batch</TableHead>
                <TableHead>Inspection</TableHead>
                <TableHead>Result</TableHead>
                <TableHead>Performed</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {awaiting.oldest.map((i) => (
                <TableRow key={i.id} data-testid="awaiting-row">
                  <TableCell>
                    <Link href={`${base}/batches/${i.batch.id}`} className="font-mono text-xs font-medium text-link hover:underline">
                      {i.batch.batchNumber}
                    </Link>
                    <span className="block max-w-40 truncate text-xs text-muted-foreground" title={i.batch.productName}>
                      {i.batch.productName}
                    </span>
                  </TableCell>
                  <TableCell>
                    <Link href={`${base}/inspections/${i.id}`} className="text-link hover:underline">
                      {INSPECTION_TYPE_LABEL[i.type] ?? i.type}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <ResultBadge result={i.result} />
                  </TableCell>
                  <TableCell className="text-xs">
                    <LocalTime iso={i.performedAt} />
                    <span className="block text-muted-foreground">{i.performedBy.name}</span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {awaiting.count > awaiting.oldest.length ? (
            <p className="px-4 pt-2 text-xs text-muted-foreground">
              And {awaiting.count - awaiting.oldest.length} more.{' '}
              <Link href={`${base}/batches?status=under_review`} className="text-link hover:underline">
                Batches under review
              </Link>
            </p>
          ) : null}
        </div>
      )}
    </DashCard>
  );
}

function RecentSignatures({ base, signatures }: { base: string; signatures: DashboardView['recentSignatures'] }) {
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
                  <Link href={`${base}/inspections/${s.record.id}`} className="text-link hover:underline">
                    Inspection
                  </Link>
                ) : (
                  'Batch'
                )}{' '}
                of{' '}
                <Link href={`${base}/batches/${s.batch.id}`} className="font-mono text-xs text-link hover:underline">
                  {s.batch.batchNumber}
                </Link>
              </span>
              <span className="ml-auto flex items-center gap-2 text-xs">
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
