import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { readSiteListFilters, siteListKey, siteListQuery } from '@/components/quality/site-list-query';
import { SitesPanel } from '@/components/quality/sites-panel';
import { listSites } from '@/lib/quality/list-sites';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Sites' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The tenant's manufacturing sites (sites.read); register, correct and (de)activate them with sites.manage. The
 * first page, in the URL's filter and order, arrives with the page.
 */
export default async function SitesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/sites`);
  if (!page) return null;
  if (!page.permissions.includes('sites.read')) {
    return <MissingPermission heading="Sites" what="the sites" permission="sites.read" tenantName={page.tenant.name} />;
  }
  const filters = readSiteListFilters(await searchParams);
  const { state } = await prefetchTenantQueries(page, [
    {
      key: siteListKey(page.tenant.slug, filters),
      access: 'sites.read',
      load: (ctx) => listSites(ctx, siteListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <SitesPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
