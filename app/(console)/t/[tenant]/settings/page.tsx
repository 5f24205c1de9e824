import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { SettingsNav } from '@/components/settings/settings-nav';
import { TenantSettings } from '@/components/settings/tenant-settings';
import { PageHeader } from '@/components/ui/page-header';
import { getTenant } from '@/lib/tenancy/get-tenant';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Settings' };

/**
 * Tenant settings for members with `tenant.update`; others get the same 404 as a stranger. The tenant arrives with
 * the page under the settings' query key (components/settings/tenant-settings.tsx).
 */
export default async function TenantSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/settings`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('tenant.update')) notFound();
  const tenant = loaded.tenant.slug;
  const { state } = await prefetchTenantQueries(loaded, [
    { key: ['tenant', tenant], access: 'tenant.read', load: (ctx) => getTenant(ctx) },
  ]);
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader title="Settings" description={`Name, plan and security settings of ${loaded.tenant.name}.`} />
      <SettingsNav slug={tenant} current="general" />
      <QueryProvider state={state}>
        <TenantSettings slug={tenant} />
      </QueryProvider>
    </div>
  );
}
