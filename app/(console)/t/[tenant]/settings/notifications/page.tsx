import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { digestsKey } from '@/components/notifications/api';
import { NotificationSettings } from '@/components/notifications/notification-settings';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { SettingsNav } from '@/components/settings/settings-nav';
import { PageHeader } from '@/components/ui/page-header';
import { listDigests } from '@/lib/notifications/digests';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Notifications' };

/**
 * Notifications: the tenant's email digests of chosen events, and where Slack and Teams channels live (Webhooks).
 * For members with `webhooks.manage`; others get the same 404 as a stranger. The digests arrive with the page.
 */
export default async function NotificationSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/settings/notifications`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('webhooks.manage')) notFound();
  const tenant = loaded.tenant.slug;
  const { state } = await prefetchTenantQueries(loaded, [
    { key: digestsKey(tenant), access: 'webhooks.manage', load: (ctx) => listDigests(ctx) },
  ]);
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader title="Notifications" description={`Tell people in ${loaded.tenant.name} about the events that matter to them.`} />
      <SettingsNav slug={tenant} current="notifications" />
      <QueryProvider state={state}>
        <NotificationSettings slug={tenant} />
      </QueryProvider>
    </div>
  );
}
