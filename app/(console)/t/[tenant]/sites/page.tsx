import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { SitesPanel } from '@/components/quality/sites-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Sites' };

/** The tenant's manufacturing sites (sites.read); register, correct and (de)activate them with sites.manage. */
export default async function SitesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/sites`);
  if (!page) return null;
  if (!page.permissions.includes('sites.read')) {
    return <MissingPermission heading="Sites" what="the sites" permission="sites.read" tenantName={page.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <SitesPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
