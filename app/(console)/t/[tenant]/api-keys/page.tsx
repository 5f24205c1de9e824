import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ApiKeysPanel } from '@/components/api-keys/api-keys-panel';
import { apiKeyListQuery, apiKeysListKey, readApiKeyListFilters } from '@/components/api-keys/api';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { listApiKeys } from '@/lib/access/list-api-keys';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'API keys' };

/**
 * The tenant's API keys. Create and revoke go through /api/v1/tenants/{tenant}/api-keys from the client panel; the
 * first page of the list, in the URL's filter and order, is loaded here and arrives with the page.
 */
export default async function ApiKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/api-keys`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  const can = new Set(loaded.permissions);
  if (!can.has('api_keys.read')) {
    return <MissingPermission heading="API keys" what="API keys" permission="api_keys.read" tenantName={loaded.tenant.name} />;
  }
  const filters = readApiKeyListFilters(await searchParams);
  const { state } = await prefetchTenantQueries(loaded, [
    {
      key: apiKeysListKey(loaded.tenant.slug, filters),
      access: 'api_keys.read',
      load: (ctx) => listApiKeys(ctx, apiKeyListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <ApiKeysPanel tenant={loaded.tenant.slug} canManage={can.has('api_keys.manage')} held={loaded.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
