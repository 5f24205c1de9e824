import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { QueryProvider } from '@/components/providers/query-provider';
import { RolesMatrix } from '@/components/roles/roles-matrix';
import { EmptyState } from '@/components/ui/empty-state';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DomainError } from '@/lib/errors';
import { loadConsoleTenant, type ConsoleTenant } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Roles' };

/** Roles and the permission matrix editor. Needs roles.read; editing needs roles.manage. */
export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/t/${slug}/roles`)}`);
  let loaded: ConsoleTenant;
  try {
    loaded = await loadConsoleTenant(user, slug);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    if (error instanceof DomainError && error.code === 'tenant_suspended') return null;
    throw error;
  }
  if (!loaded.permissions.includes('roles.read')) {
    return <EmptyState title="You cannot see roles">Ask an administrator for the roles.read permission.</EmptyState>;
  }
  return (
    <QueryProvider>
      <RolesMatrix tenant={loaded.tenant.slug} permissions={loaded.permissions} />
    </QueryProvider>
  );
}
