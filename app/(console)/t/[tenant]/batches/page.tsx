import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { BatchesPanel } from '@/components/quality/batches-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Batches' };

/** The tenant's batch records (batches.read), with "New batch" for batches.create. */
export default async function BatchesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/batches`);
  if (!page) return null;
  if (!page.permissions.includes('batches.read')) {
    return <MissingPermission heading="Batches" what="batches" permission="batches.read" tenantName={page.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <BatchesPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
