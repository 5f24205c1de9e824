import type { Metadata } from 'next';
import { MissingPermission } from '@/components/console/missing-permission';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { webhooksKey } from '@/components/webhooks/api';
import { WebhooksPanel } from '@/components/webhooks/webhooks-panel';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { listWebhookEndpoints } from '@/lib/webhooks/endpoints/list-endpoints';

export const metadata: Metadata = { title: 'Webhooks' };

/** The tenant's webhook endpoints. Needs webhooks.manage (admin); the list arrives with the page. */
export default async function WebhooksPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const loaded = await consolePage(slug, `/t/${slug}/webhooks`);
  if (!loaded) return null; // a suspended tenant: the layout shows why
  if (!loaded.permissions.includes('webhooks.manage')) {
    return <MissingPermission heading="Webhooks" what="webhooks" permission="webhooks.manage" tenantName={loaded.tenant.name} />;
  }
  const { state } = await prefetchTenantQueries(loaded, [
    {
      key: webhooksKey(loaded.tenant.slug),
      access: 'webhooks.manage',
      load: (ctx) => listWebhookEndpoints(ctx),
      select: (json: { data: unknown }) => json.data,
    },
  ]);
  return (
    <QueryProvider state={state}>
      <WebhooksPanel tenant={loaded.tenant.slug} />
    </QueryProvider>
  );
}
