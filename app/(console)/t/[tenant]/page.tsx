import type { Metadata } from 'next';
import Link from 'next/link';
import { ChartColumn, ChartLine, ClipboardCheck, Eye, Signature } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Dashboard' };

type StatCard = {
  key: string;
  title: string;
  description: string;
  icon: React.ReactNode;
  emptyTitle: string;
  emptyText: string;
  action?: { href: string; label: string };
};

/**
 * The tenant dashboard. Batch records arrive in a later issue, so each card shows what it will hold
 * and an honest empty state; cards whose records the member may not read are left out.
 */
export default async function TenantDashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  const { tenant, permissions } = loaded;
  const can = new Set(permissions);
  const base = `/t/${tenant.slug}`;

  const cards: StatCard[] = [];
  if (can.has('batches.read')) {
    cards.push({
      key: 'batches-by-status',
      title: 'Batches by status',
      description: 'Every batch, counted by where it is in its lifecycle.',
      icon: <ChartColumn />,
      emptyTitle: 'No batches yet',
      emptyText: 'Batches appear here once operators create them.',
      action: { href: `${base}/batches`, label: 'Go to batches' },
    });
  }
  if (can.has('inspections.read')) {
    cards.push(
      {
        key: 'inspections-awaiting-review',
        title: 'Inspections awaiting review',
        description: 'Performed inspections waiting for a QA reviewer’s signature.',
        icon: <ClipboardCheck />,
        emptyTitle: 'Nothing awaiting review',
        emptyText: 'Inspections show up here once they are performed, until QA reviews and signs them.',
      },
      {
        key: 'pass-rate',
        title: 'Pass rate · 12 weeks',
        description: 'Share of inspections that passed, week by week.',
        icon: <ChartLine />,
        emptyTitle: 'No results to chart yet',
        emptyText: 'The weekly pass rate is drawn once inspections have recorded results.',
      },
    );
  }
  if (can.has('batches.read') || can.has('inspections.read')) {
    cards.push({
      key: 'recent-signatures',
      title: 'Recent signatures',
      description: 'Electronic signatures on reviews and releases, newest first.',
      icon: <Signature />,
      emptyTitle: 'No signatures yet',
      emptyText: 'Each signature is listed here with its meaning, the signer’s printed name and the time.',
    });
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow="Dashboard"
        title={tenant.name}
        meta={
          <Badge tone="accent">
            {tenant.planId.charAt(0).toUpperCase() + tenant.planId.slice(1)} plan
          </Badge>
        }
        description="Production and quality at a glance: batches, inspections waiting for review, pass rate and signatures."
      />

      {cards.length === 0 ? (
        <EmptyState icon={<Eye />} title="Nothing on your dashboard yet">
          Your roles in {tenant.name} do not include reading batches or inspections. Ask a tenant administrator if you need them.
        </EmptyState>
      ) : (
        <section aria-label="Overview" className="grid gap-4 md:grid-cols-2">
          {cards.map((card) => {
            const titleId = `${card.key}-title`;
            return (
              <Card key={card.key} aria-labelledby={titleId} role="region" data-card={card.key}>
                <CardHeader>
                  <div
                    aria-hidden="true"
                    className="flex size-8 shrink-0 items-center justify-center rounded-md border border-border bg-muted text-muted-foreground [&_svg]:size-4"
                  >
                    {card.icon}
                  </div>
                  <div className="flex min-w-0 flex-col gap-0.5">
                    <CardTitle id={titleId}>{card.title}</CardTitle>
                    <CardDescription>{card.description}</CardDescription>
                  </div>
                </CardHeader>
                <CardContent className="flex flex-1 flex-col">
                  <EmptyState
                    size="compact"
                    headingLevel="h3"
                    title={card.emptyTitle}
                    className="flex-1 rounded-md border border-dashed border-border bg-muted/30 py-8"
                    action={
                      card.action ? (
                        <Link href={card.action.href} className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
                          {card.action.label}
                        </Link>
                      ) : undefined
                    }
                  >
                    {card.emptyText}
                  </EmptyState>
                </CardContent>
              </Card>
            );
          })}
        </section>
      )}
    </div>
  );
}
