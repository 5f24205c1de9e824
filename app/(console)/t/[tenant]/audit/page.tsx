import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { AuditTrail } from '@/components/audit/audit-trail';
import { QueryProvider } from '@/components/providers/query-provider';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Audit trail' };

/** The tenant's audit trail (audit.read): timeline, filters, diff view, verify integrity; export with audit.export. */
export default async function AuditPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/audit`);
  if (!page) return null;
  if (!page.permissions.includes('audit.read')) {
    return (
      <div className="grid gap-5">
        <PageHeader title="Audit trail" />
        <EmptyState icon={<ShieldOff />} title="You cannot see the audit trail here">
          This needs the audit.read permission. Ask an administrator of {page.tenant.name} if you need it.
        </EmptyState>
      </div>
    );
  }
  return (
    <QueryProvider>
      <Suspense>
        <AuditTrail tenant={page.tenant.slug} canExport={page.permissions.includes('audit.export')} />
      </Suspense>
    </QueryProvider>
  );
}
