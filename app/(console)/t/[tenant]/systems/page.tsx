import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { SystemsPanel } from '@/components/systems/systems-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Systems' };

/** Downstream systems. Needs systems.read; registering and deleting need systems.manage. */
export default async function SystemsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/systems`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('systems.read')) {
    return <MissingPermission heading="Systems" what="systems" permission="systems.read" tenantName={loaded.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <SystemsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
