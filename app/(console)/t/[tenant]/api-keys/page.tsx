import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ApiKeysPanel } from '@/components/api-keys/api-keys-panel';
import { QueryProvider } from '@/components/providers/query-provider';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

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
    return <MissingPermission heading="API keys" what="API keys" permission="api_keys.read" tenantName={loaded.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <ApiKeysPanel tenant={loaded.tenant.slug} canManage={can.has('api_keys.manage')} held={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
