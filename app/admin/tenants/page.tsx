import type { Metadata } from 'next';
import { Suspense } from 'react';
import { adminTenantListQuery, adminTenantsListKey, readAdminTenantListFilters } from '@/components/admin/api';
import { TenantsTable } from '@/components/admin/tenants-table';
import { prefetchQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listTenants } from '@/lib/platform-admin/list-tenants';

export const metadata: Metadata = { title: 'Tenants' };

/** Every tenant (platform admins; the layout turns others away). The first page, in the URL's search and order, arrives with the page. */
export default async function AdminTenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getCurrentUser();
  const filters = readAdminTenantListFilters(await searchParams);
  const { state } = await prefetchQueries([
    {
      key: adminTenantsListKey(filters),
      when: Boolean(user?.isPlatformAdmin),
      load: () => listTenants(user, adminTenantListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <TenantsTable />
      </Suspense>
    </QueryProvider>
  );
}
