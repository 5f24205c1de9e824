import type { Metadata } from 'next';
import { allPages, prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { RolesMatrix } from '@/components/roles/roles-matrix';
import { listRoles } from '@/lib/access/list-roles';
import { listSystems } from '@/lib/access/list-systems';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Roles' };

/**
 * Roles and the permission matrix editor. Needs roles.read; editing needs roles.manage. Every role (and, with
 * systems.read, every downstream system) arrives with the page under the matrix's query keys (components/roles/roles-matrix.tsx).
 */
export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/roles`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('roles.read')) {
    return <MissingPermission heading="Roles" what="roles" permission="roles.read" tenantName={loaded.tenant.name} />;
  }
  const tenant = loaded.tenant.slug;
  const { state } = await prefetchTenantQueries(loaded, [
    { key: ['tenant', tenant, 'roles'], access: 'roles.read', load: (ctx) => allPages((cursor) => listRoles(ctx, { limit: 200, cursor })) },
    {
      key: ['tenant', tenant, 'systems'],
      access: 'systems.read',
      when: loaded.permissions.includes('systems.read'),
      load: (ctx) => allPages((cursor) => listSystems(ctx, { limit: 200, cursor })),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <RolesMatrix tenant={tenant} permissions={loaded.permissions} />
    </QueryProvider>
  );
}
