import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ChevronLeft } from 'lucide-react';
import { MissingPermission } from '@/components/console/missing-permission';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { DELIVERY_PAGE_SIZE, webhookDeliveriesKey, webhookKey } from '@/components/webhooks/api';
import { EndpointPage } from '@/components/webhooks/endpoint-page';
import { isUuid } from '@/lib/keyset-cursor';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { listWebhookDeliveries } from '@/lib/webhooks/endpoints/deliveries';
import { getWebhookEndpoint } from '@/lib/webhooks/endpoints/list-endpoints';

export const metadata: Metadata = { title: 'Webhook endpoint' };

/**
 * One webhook endpoint: settings, test event and delivery log. Needs webhooks.manage. The endpoint and the first page
 * of its log arrive with the page; an unknown id, a malformed one or another tenant's is the 404 page (./not-found.tsx).
 */
export default async function WebhookEndpointPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: tenantSlug, id } = await params;
  const page = await consolePage(tenantSlug, `/t/${tenantSlug}/webhooks/${id}`);
  if (!page) return null; // a suspended tenant: the layout shows why
  const tenant = page.tenant.slug;
  const back = (
    <Link href={`/t/${tenant}/webhooks`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ChevronLeft aria-hidden="true" className="size-3.5" />
      Webhooks
    </Link>
  );
  if (!page.permissions.includes('webhooks.manage')) {
    return (
      <MissingPermission
        heading="Webhook endpoint"
        eyebrow={back}
        what="webhooks"
        permission="webhooks.manage"
        tenantName={page.tenant.name}
      />
    );
  }
  if (!isUuid(id)) notFound();
  const { state } = await prefetchTenantQueries(page, [
    { key: webhookKey(tenant, id), access: 'webhooks.manage', load: (ctx) => getWebhookEndpoint(ctx, id) },
    {
      key: webhookDeliveriesKey(tenant, id, ''),
      access: 'webhooks.manage',
      load: (ctx) => listWebhookDeliveries(ctx, id, { limit: DELIVERY_PAGE_SIZE }),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <EndpointPage tenant={tenant} id={id} back={back} />
    </QueryProvider>
  );
}
