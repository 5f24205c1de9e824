import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { QueryProvider } from '@/components/providers/query-provider';
import { SitesPanel } from '@/components/quality/sites-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Sites' };

/** The tenant's manufacturing sites (sites.read); register, correct and (de)activate them with sites.manage. */
export default async function SitesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/sites`);
  if (!page) return null;
  if (!page.permissions.includes('sites.read')) {
    return (
      <div className="grid gap-5">
        <PageHeader title="Sites" />
        <EmptyState icon={<ShieldOff />} title="You cannot see the sites here">
          This needs the sites.read permission. Ask an administrator of {page.tenant.name} if you need it.
        </EmptyState>
      </div>
    );
  }
  return (
    <QueryProvider>
      <Suspense>
        <SitesPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
