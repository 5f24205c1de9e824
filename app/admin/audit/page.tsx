import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { PlatformAudit } from '@/components/admin/platform-audit';
import {
  PLATFORM_AUDIT_TENANTS_QUERY,
  platformAuditKey,
  platformAuditQuery,
  platformAuditTenantsKey,
  readPlatformAuditDir,
  readPlatformAuditFilters,
  type TenantOption,
} from '@/components/admin/platform-audit-query';
import { firstPage, prefetchQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listPlatformEvents } from '@/lib/platform-admin/list-platform-events';
import { listTenants } from '@/lib/platform-admin/list-tenants';

export const metadata: Metadata = { title: 'Platform trail' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The platform trail (platform admins; the layout sends anyone else away). Its first page and the tenant filter's
 * list arrive with the page, under the panel's keys, unless a date filter is set (dates are days of the viewer's
 * zone, which only the browser knows).
 */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/admin/audit')}`);
  const search = await searchParams;
  const filters = readPlatformAuditFilters(search);
  const dir = readPlatformAuditDir(search);
  const { state } = await prefetchQueries([
    {
      key: platformAuditKey(filters, dir),
      when: !filters.from && !filters.to,
      load: () => listPlatformEvents(user, Object.fromEntries(platformAuditQuery(filters, dir))),
      select: firstPage,
    },
    {
      key: platformAuditTenantsKey,
      load: () => listTenants(user, PLATFORM_AUDIT_TENANTS_QUERY),
      select: (page: { data: TenantOption[] }) => page.data.map(({ id, name, slug }) => ({ id, name, slug })),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <PlatformAudit />
      </Suspense>
    </QueryProvider>
  );
}
