import type { Metadata } from 'next';
import { QueryProvider } from '@/components/providers/query-provider';
import { RolesMatrix } from '@/components/roles/roles-matrix';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Roles' };

/** Roles and the permission matrix editor. Needs roles.read; editing needs roles.manage. */
export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/roles`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('roles.read')) {
    return <MissingPermission heading="Roles" what="roles" permission="roles.read" tenantName={loaded.tenant.name} />;
  }
  return (
    <QueryProvider>
      <RolesMatrix tenant={loaded.tenant.slug} permissions={loaded.permissions} />
    </QueryProvider>
  );
}
