import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { TeamsPanel } from '@/components/teams/teams-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Teams' };

/** Teams with their members and roles. Needs teams.read; changes need teams.manage. */
export default async function TeamsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/teams`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('teams.read')) {
    return <MissingPermission heading="Teams" what="teams" permission="teams.read" tenantName={loaded.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <TeamsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
