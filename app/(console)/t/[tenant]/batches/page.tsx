import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { BatchesPanel } from '@/components/quality/batches-panel';
import { batchListKey, batchListQuery, readBatchListFilters } from '@/components/quality/batch-list-query';
import { BATCH_STATUSES } from '@/db/schema/quality';
import { listBatches } from '@/lib/quality/list-batches';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Batches' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The tenant's batch records (batches.read), with "New batch" for batches.create. The first page, in the URL's
 * filters and order, is loaded here and arrives with the page (under the panel's own key).
 */
export default async function BatchesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/batches`);
  if (!page) return null;
  if (!page.permissions.includes('batches.read')) {
    return <MissingPermission heading="Batches" what="batches" permission="batches.read" tenantName={page.tenant.name} />;
  }
  const filters = readBatchListFilters(await searchParams, BATCH_STATUSES);
  const { state } = await prefetchTenantQueries(page, [
    {
      key: batchListKey(page.tenant.slug, filters),
      access: 'batches.read',
      load: (ctx) => listBatches(ctx, batchListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <BatchesPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
