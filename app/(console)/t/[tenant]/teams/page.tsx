import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { TeamsPanel } from '@/components/teams/teams-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Teams' };

/** Teams with their members and roles. Needs teams.read; changes need teams.manage. */
export default async function TeamsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/teams`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('teams.read')) {
    return <EmptyState title="You cannot see teams">Ask an administrator for the teams.read permission.</EmptyState>;
  }
  return (
    <QueryProvider>
      <Suspense>
        <TeamsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
