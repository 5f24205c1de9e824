import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { QueryProvider } from '@/components/providers/query-provider';
import { InspectionDetail } from '@/components/quality/inspection-detail';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Inspection' };

/** One QA inspection (inspections.read): characteristics, result, and the review with signature (inspections.approve). */
export default async function InspectionPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const page = await consolePage(slug, `/t/${slug}/inspections/${id}`, { signingPolicy: true });
  if (!page) return null;
  if (!page.permissions.includes('inspections.read')) {
    return (
      <div className="grid gap-5">
        <PageHeader title="Inspection" />
        <EmptyState icon={<ShieldOff />} title="You cannot see inspections here">
          This needs the inspections.read permission. Ask an administrator of {page.tenant.name} if you need it.
        </EmptyState>
      </div>
    );
  }
  return (
    <QueryProvider>
      <Suspense>
        <InspectionDetail tenant={page.tenant.slug} id={id} viewer={{ userId: page.user.id, name: page.user.name, permissions: page.permissions, signingPolicy: page.signingPolicy }} />
      </Suspense>
    </QueryProvider>
  );
}
