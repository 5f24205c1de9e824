import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { SettingsNav } from '@/components/settings/settings-nav';
import { domainsQueryKey } from '@/components/sso/domains-api';
import { DomainsSettings } from '@/components/sso/domains-settings';
import { ssoConnectionsKey } from '@/components/sso/sso-connections-api';
import { SsoConnectionsSettings } from '@/components/sso/sso-connections-settings';
import { PageHeader } from '@/components/ui/page-header';
import { listSsoConnections } from '@/lib/sso/list-sso-connections';
import { listDomains } from '@/lib/sso/domains/list-domains';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Single sign-on' };

/**
 * The tenant's single sign-on: its identity providers (OIDC, SAML) and, below, its verified domains. For members with
 * `tenant.update`; others get the same 404 as a stranger. The connections arrive with the page.
 */
export default async function SsoSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/settings/sso`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('tenant.update')) notFound();
  const tenant = loaded.tenant.slug;
  const { state } = await prefetchTenantQueries(loaded, [
    {
      key: ssoConnectionsKey(tenant),
      access: 'tenant.update',
      load: (ctx) => listSsoConnections(ctx),
      select: (json: { items: unknown }) => json.items,
    },
    { key: domainsQueryKey(tenant), access: 'tenant.update', load: (ctx) => listDomains(ctx) },
  ]);
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader title="Single sign-on" description={`Let people of ${loaded.tenant.name} sign in with their company account.`} />
      <SettingsNav slug={tenant} current="sso" />
      <QueryProvider state={state}>
        <SsoConnectionsSettings slug={tenant} permissions={loaded.permissions} />
        <DomainsSettings slug={tenant} />
      </QueryProvider>
    </div>
  );
}
