import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { QueryProvider } from '@/components/providers/query-provider';
import { BatchesPanel } from '@/components/quality/batches-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Batches' };

/** The tenant's batch records (batches.read), with "New batch" for batches.create. */
export default async function BatchesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/batches`);
  if (!page) return null;
  if (!page.permissions.includes('batches.read')) {
    return (
      <div className="grid gap-5">
        <PageHeader title="Batches" />
        <EmptyState icon={<ShieldOff />} title="You cannot see batches here">
          This needs the batches.read permission. Ask an administrator of {page.tenant.name} if you need it.
        </EmptyState>
      </div>
    );
  }
  return (
    <QueryProvider>
      <Suspense>
        <BatchesPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
