import type { Metadata } from 'next';
import { Suspense } from 'react';
import { auditListKey, auditQuery, readAuditDir, readAuditFilters } from '@/components/audit/api';
import { AuditTrail } from '@/components/audit/audit-trail';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Audit trail' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The tenant's audit trail (audit.read): timeline, filters, diff view, verify integrity; export with audit.export.
 * The first page arrives with the page, unless a date filter is set (dates are days of the viewer's zone, which only
 * the browser knows).
 */
export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/audit`);
  if (!page) return null;
  if (!page.permissions.includes('audit.read')) {
    return <MissingPermission heading="Audit trail" what="the audit trail" permission="audit.read" tenantName={page.tenant.name} />;
  }
  const search = await searchParams;
  const filters = readAuditFilters(search);
  const dir = readAuditDir(search);
  const { state } = await prefetchTenantQueries(page, [
    {
      key: auditListKey(page.tenant.slug, filters, dir),
      access: 'audit.read',
      when: !filters.from && !filters.to,
      load: (ctx) => listAuditEvents(ctx, Object.fromEntries(auditQuery(filters, { sort: 'occurred', dir }))),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <AuditTrail
          tenant={page.tenant.slug}
          canExport={page.permissions.includes('audit.export')}
          canSearchPeople={page.permissions.includes('members.read')}
        />
      </Suspense>
    </QueryProvider>
  );
}
