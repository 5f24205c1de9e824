import type { Metadata } from 'next';
import { QueryProvider } from '@/components/providers/query-provider';
import { RolesMatrix } from '@/components/roles/roles-matrix';
import { EmptyState } from '@/components/ui/empty-state';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Roles' };

/** Roles and the permission matrix editor. Needs roles.read; editing needs roles.manage. */
export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/roles`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('roles.read')) {
    return <EmptyState title="You cannot see roles">Ask an administrator for the roles.read permission.</EmptyState>;
  }
  return (
    <QueryProvider>
      <RolesMatrix tenant={loaded.tenant.slug} permissions={loaded.permissions} />
    </QueryProvider>
  );
}
