import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { QueryProvider } from '@/components/providers/query-provider';
import { SystemsPanel } from '@/components/systems/systems-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DomainError } from '@/lib/errors';
import { loadConsoleTenant, type ConsoleTenant } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Systems' };

/** Downstream systems. Needs systems.read; registering and deleting need systems.manage. */
export default async function SystemsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/t/${slug}/systems`)}`);
  let loaded: ConsoleTenant;
  try {
    loaded = await loadConsoleTenant(user, slug);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    if (error instanceof DomainError && error.code === 'tenant_suspended') return null;
    throw error;
  }
  if (!loaded.permissions.includes('systems.read')) {
    return <EmptyState title="You cannot see systems">Ask an administrator for the systems.read permission.</EmptyState>;
  }
  return (
    <QueryProvider>
      <SystemsPanel tenant={loaded.tenant.slug} permissions={loaded.permissions} />
    </QueryProvider>
  );
}
