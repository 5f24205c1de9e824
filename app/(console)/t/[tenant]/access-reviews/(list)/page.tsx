import type { Metadata } from 'next';
import { accessReviewsKey, reviewItemsKey, WAITING_CAMPAIGNS_MAX, type AccessReviewView } from '@/components/access-reviews/api';
import { AccessReviewsPanel } from '@/components/access-reviews/reviews-panel';
import { dehydrateEntries, prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { listAccessReviews, listReviewItems } from '@/lib/access-reviews/list-access-reviews';
import { mayManageAccessReviews } from '@/lib/access-reviews/policy';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Access reviews' };

/**
 * Access reviews (every member: reviewers see the campaigns they review, access_reviews.manage holders every one).
 * The campaigns and the viewer's own items of the open ones ("Waiting for you") arrive with the page.
 */
export default async function AccessReviewsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/access-reviews`);
  if (!page) return null; // a suspended tenant: the layout shows why
  const tenant = page.tenant.slug;
  const first = await prefetchTenantQueries(page, [
    { key: accessReviewsKey(tenant), load: (ctx) => listAccessReviews(ctx), select: (json: { data: unknown }) => json.data },
  ]);
  const campaigns = (first.entries[0]?.data ?? []) as AccessReviewView[];
  const open = campaigns.filter((c) => c.status === 'open').slice(0, WAITING_CAMPAIGNS_MAX);
  const second = open.length
    ? await prefetchTenantQueries(
        page,
        open.map((c) => ({
          key: reviewItemsKey(tenant, c.id, 'me'),
          load: (ctx) => listReviewItems(ctx, c.id, { reviewer: 'me' }),
          select: (json: { data: unknown }) => json.data,
        })),
      )
    : null;
  return (
    <QueryProvider state={dehydrateEntries([...first.entries, ...(second?.entries ?? [])])}>
      <AccessReviewsPanel
        tenant={tenant}
        canStart={mayManageAccessReviews(new Set(page.permissions))}
        viewerId={page.user.id}
        permissions={page.permissions}
      />
    </QueryProvider>
  );
}
