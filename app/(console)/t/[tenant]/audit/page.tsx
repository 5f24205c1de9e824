import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditTrail } from '@/components/audit/audit-trail';
import { QueryProvider } from '@/components/providers/query-provider';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MissingPermission } from '@/components/console/missing-permission';

export const metadata: Metadata = { title: 'Audit trail' };

/** The tenant's audit trail (audit.read): timeline, filters, diff view, verify integrity; export with audit.export. */
export default async function AuditPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/audit`);
  if (!page) return null;
  if (!page.permissions.includes('audit.read')) {
    return <MissingPermission heading="Audit trail" what="the audit trail" permission="audit.read" tenantName={page.tenant.name} />;
  }
  return (
    <QueryProvider>
      <Suspense>
        <AuditTrail tenant={page.tenant.slug} canExport={page.permissions.includes('audit.export')} />
      </Suspense>
    </QueryProvider>
  );
}
