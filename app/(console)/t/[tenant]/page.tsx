import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { ChartLine, Eye } from 'lucide-react';
import { AwaitingReview, BatchesByStatus, DashCard, RecentSignatures } from '@/components/quality/dashboard-cards';
import { AccessReviewCards } from '@/components/access-reviews/overdue-reviews-card';
import { PassRateChart } from '@/components/quality/pass-rate-chart';
import { accessReviewDashboard } from '@/lib/access-reviews/overdue';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requestIdFrom } from '@/lib/http/request-meta';
import { getDashboard } from '@/lib/quality/dashboard';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { withTenantContext } from '@/lib/tenancy/tenant-context';

export const metadata: Metadata = { title: 'Dashboard' };

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
  // Access reviews (lib/access-reviews/overdue.ts): overdue campaigns for access_reviews.manage, a reviewer's own open items.
  const reviews = await withTenantContext(user, tenant.slug, { requestId: requestIdFrom(await headers()) }, (ctx) =>
    accessReviewDashboard(ctx),
  );
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

      <AccessReviewCards base={base} data={reviews} />

      {!data ? (
        <EmptyState icon={<Eye />} title="Nothing on your dashboard yet">
          Your roles in {tenant.name} do not include reading batches. Ask a tenant administrator if you need them.
        </EmptyState>
      ) : (
        <>
          <BatchesByStatus base={base} data={data} />
          <section aria-label="Quality" className="grid grid-cols-1 gap-4 lg:grid-cols-2">
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
