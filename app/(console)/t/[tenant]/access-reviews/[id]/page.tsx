import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ChevronLeft } from 'lucide-react';
import { accessReviewKey, reviewItemsKey } from '@/components/access-reviews/api';
import { CampaignPage } from '@/components/access-reviews/campaign-page';
import { prefetchTenantQueries, recordIdOrNotFound } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { NotesPanel } from '@/components/records/notes-panel';
import { RecordTasks } from '@/components/tasks/record-tasks';
import { recordTasksQuery } from '@/components/tasks/prefetch';
import { notesPanelQueries } from '@/components/records/prefetch';
import { getAccessReview, listReviewItems } from '@/lib/access-reviews/list-access-reviews';
import { mayManageAccessReviews } from '@/lib/access-reviews/policy';
import { RECORD_PERMISSIONS } from '@/lib/records/record-ref';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Access review' };

/**
 * One access-review campaign: its reviewers' items and signatures, the owner's closing signature and the report.
 * The campaign and the items arrive with the page; an unknown id, another tenant's, or a campaign the viewer neither
 * manages nor reviews is the 404 page (./not-found.tsx).
 */
export default async function AccessReviewPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/access-reviews/${raw}`, { signingPolicy: true });
  if (!page) return null; // a suspended tenant: the layout shows why
  const id = recordIdOrNotFound(raw);
  const tenant = page.tenant.slug;
  const manager = mayManageAccessReviews(new Set(page.permissions));
  const record = { type: 'access_review', id } as const;
  // The campaign's notes and files: for those who may read them (lib/records/record-ref.ts RECORD_PERMISSIONS).
  const readsNotes = page.permissions.includes(RECORD_PERMISSIONS.access_review.read);
  const { state, entries, forbidden } = await prefetchTenantQueries(page, [
    { key: accessReviewKey(tenant, id), load: (ctx) => getAccessReview(ctx, id) },
    {
      key: reviewItemsKey(tenant, id, 'me'),
      load: (ctx) => listReviewItems(ctx, id, { reviewer: 'me' }),
      select: (json: { data: unknown }) => json.data,
    },
    {
      key: reviewItemsKey(tenant, id, 'all'),
      when: manager,
      load: (ctx) => listReviewItems(ctx, id, { reviewer: 'all' }),
      select: (json: { data: unknown }) => json.data,
    },
    ...(readsNotes ? [...notesPanelQueries(tenant, record), recordTasksQuery(tenant, record)] : []),
  ]);
  // A campaign the viewer neither manages nor reviews (the API's 403) is, for them, not there.
  if (forbidden.length > 0 && !entries.some((e) => e.key[3] === 'campaign' && e.key.length === 5)) notFound();
  const back = (
    <Link href={`/t/${tenant}/access-reviews`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Access reviews
    </Link>
  );
  return (
    <QueryProvider state={state}>
      <CampaignPage
        tenant={tenant}
        id={id}
        back={back}
        viewer={{ userId: page.user.id, name: page.user.name, permissions: page.permissions, signingPolicy: page.signingPolicy }}
        notes={
          readsNotes ? (
            <section aria-labelledby="campaign-notes-heading" className="grid gap-3">
              <h2 id="campaign-notes-heading" className="text-sm font-semibold">
                Notes and files
              </h2>
              <NotesPanel
                tenant={tenant}
                record={record}
                canAdd={page.permissions.includes(RECORD_PERMISSIONS.access_review.add)}
                viewerId={page.user.id}
                headingLevel="h3"
              />
              <RecordTasks tenant={tenant} record={{ type: 'access_review', id, label: 'this campaign' }} me={{ id: page.user.id }} />
            </section>
          ) : null
        }
      />
    </QueryProvider>
  );
}
