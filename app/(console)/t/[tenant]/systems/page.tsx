import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { SystemsPanel } from '@/components/systems/systems-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Systems' };

/** Downstream systems. Needs systems.read; registering and deleting need systems.manage. */
export default async function SystemsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/systems`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('systems.read')) {
    return <EmptyState title="You cannot see systems">Ask an administrator for the systems.read permission.</EmptyState>;
  }
  return (
    <QueryProvider>
      <Suspense>
        <SystemsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
