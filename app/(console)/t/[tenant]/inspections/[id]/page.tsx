import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import { InspectionDetail } from '@/components/quality/inspection-detail';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Inspection' };

/** One QA inspection (inspections.read): characteristics, result, and the review with signature (inspections.approve). */
export default async function InspectionPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const page = await consolePage(slug, `/t/${slug}/inspections/${id}`, { signingPolicy: true });
  if (!page) return null;
  if (!page.permissions.includes('inspections.read')) {
    return <MissingPermission heading="Inspection" what="inspections" permission="inspections.read" tenantName={page.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <InspectionDetail
          tenant={page.tenant.slug}
          id={id}
          viewer={{ userId: page.user.id, name: page.user.name, permissions: page.permissions, signingPolicy: page.signingPolicy }}
          lifecycle={LIFECYCLE.map((m) => ({ ...m }))}
        />
      </Suspense>
    </QueryProvider>
  );
}
