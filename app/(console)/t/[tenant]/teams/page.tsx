import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { QueryProvider } from '@/components/providers/query-provider';
import { TeamsPanel } from '@/components/teams/teams-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DomainError } from '@/lib/errors';
import { loadConsoleTenant, type ConsoleTenant } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Teams' };

/** Teams with their members and roles. Needs teams.read; changes need teams.manage. */
export default async function TeamsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/t/${slug}/teams`)}`);
  let loaded: ConsoleTenant;
  try {
    loaded = await loadConsoleTenant(user, slug);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    if (error instanceof DomainError && error.code === 'tenant_suspended') return null;
    throw error;
  }
  if (!loaded.permissions.includes('teams.read')) {
    return <EmptyState title="You cannot see teams">Ask an administrator for the teams.read permission.</EmptyState>;
  }
  return (
    <QueryProvider>
      <TeamsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
    </QueryProvider>
  );
}
