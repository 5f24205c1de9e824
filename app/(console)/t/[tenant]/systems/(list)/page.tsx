import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { readSystemListFilters, systemListQuery, systemsListKey } from '@/components/systems/api';
import { listSystems } from '@/lib/access/list-systems';
import { SystemsPanel } from '@/components/systems/systems-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Systems' };

/** Downstream systems. Needs systems.read; registering and deleting need systems.manage. The first page arrives with the page. */
export default async function SystemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/systems`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('systems.read')) {
    return <MissingPermission heading="Systems" what="systems" permission="systems.read" tenantName={loaded.tenant.name} />;
  }
  const filters = readSystemListFilters(await searchParams);
  const { state } = await prefetchTenantQueries(loaded, [
    {
      key: systemsListKey(loaded.tenant.slug, filters),
      access: 'systems.read',
      load: (ctx) => listSystems(ctx, systemListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <SystemsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
