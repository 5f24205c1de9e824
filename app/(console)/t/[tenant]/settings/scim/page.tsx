import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { scimTokensKey } from '@/components/scim/api';
import { ScimSettings } from '@/components/scim/scim-settings';
import { SettingsNav } from '@/components/settings/settings-nav';
import { PageHeader } from '@/components/ui/page-header';
import { listScimTokens } from '@/lib/scim/list-scim-tokens';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'SCIM' };

/**
 * SCIM provisioning: the base URL and the tenant's SCIM tokens. For members with `tenant.update`; others get the same
 * 404 as a stranger. The tokens (never their secrets) arrive with the page.
 */
export default async function ScimSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/settings/scim`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('tenant.update')) notFound();
  const tenant = loaded.tenant.slug;
  const { state } = await prefetchTenantQueries(loaded, [
    { key: scimTokensKey(tenant), access: 'tenant.update', load: (ctx) => listScimTokens(ctx) },
  ]);
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader title="SCIM" description={`Let the directory of ${loaded.tenant.name} add and remove its members.`} />
      <SettingsNav slug={tenant} current="scim" />
      <QueryProvider state={state}>
        <ScimSettings slug={tenant} />
      </QueryProvider>
    </div>
  );
}
