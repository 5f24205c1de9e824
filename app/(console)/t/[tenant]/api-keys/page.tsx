import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { ApiKeysPanel } from '@/components/api-keys/api-keys-panel';
import { QueryProvider } from '@/components/providers/query-provider';
import { EmptyState } from '@/components/ui/empty-state';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'API keys' };

/**
 * The tenant's API keys. The list, create and revoke go through /api/v1/tenants/{tenant}/api-keys
 * from the client panel; this page only decides what the member may see and do.
 */
export default async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/api-keys`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  const can = new Set(loaded.permissions);
  if (!can.has('api_keys.read')) {
    return (
      <EmptyState icon={<ShieldOff />} title="You cannot see API keys here">
        This needs the api_keys.read permission. Ask an administrator of {loaded.tenant.name} if you need it.
      </EmptyState>
    );
  }
  return (
    <QueryProvider>
      <Suspense>
        <ApiKeysPanel tenant={loaded.tenant.slug} canManage={can.has('api_keys.manage')} held={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
