import type { Metadata } from 'next';
import { Suspense } from 'react';
import { dehydrateEntries, prefetchTenantQueries, recordIdOrNotFound } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { InspectionDetail } from '@/components/quality/inspection-detail';
import { getBatch } from '@/lib/quality/get-batch';
import { getInspection } from '@/lib/quality/get-inspection';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Inspection' };

/** components/quality/api.ts `keys` (that module is 'use client', so its functions cannot be called here). */
const keys = {
  inspection: (tenant: string, id: string) => ['tenants', tenant, 'quality', 'inspection', id] as const,
  batch: (tenant: string, id: string) => ['tenants', tenant, 'quality', 'batch', id] as const,
};

/**
 * One QA inspection (inspections.read): characteristics, result, and the review with signature (inspections.approve).
 * The inspection and its batch arrive with the page; an unknown id, or another tenant's, is the 404 page.
 */
export default async function InspectionPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id: raw } = await params;
  const page = await consolePage(slug, `/t/${slug}/inspections/${raw}`, { signingPolicy: true });
  if (!page) return null;
  if (!page.permissions.includes('inspections.read')) {
    return <MissingPermission heading="Inspection" what="inspections" permission="inspections.read" tenantName={page.tenant.name} />;
  }
  const id = recordIdOrNotFound(raw);
  const tenant = page.tenant.slug;
  const first = await prefetchTenantQueries(page, [
    { key: keys.inspection(tenant, id), access: 'inspections.read', load: (ctx) => getInspection(ctx, id) },
  ]);
  const batchId = (first.entries[0]?.data as { batchId?: string } | undefined)?.batchId;
  const second =
    batchId && page.permissions.includes('batches.read')
      ? await prefetchTenantQueries(page, [
          { key: keys.batch(tenant, batchId), access: 'batches.read', load: (ctx) => getBatch(ctx, batchId) },
        ])
      : null;
  return (
    <QueryProvider state={dehydrateEntries([...first.entries, ...(second?.entries ?? [])])}>
      <Suspense>
        <InspectionDetail
          tenant={tenant}
          id={id}
          viewer={{ userId: page.user.id, name: page.user.name, permissions: page.permissions, signingPolicy: page.signingPolicy }}
          lifecycle={LIFECYCLE.map((m) => ({ ...m }))}
        />
      </Suspense>
    </QueryProvider>
  );
}
