import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { InvitationsPanel } from '@/components/invitations/invitations-panel';
import { QueryProvider } from '@/components/providers/query-provider';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Invitations' };

/**
 * The tenant's invitations: seats used of the plan's, the list, invite (one or many), resend and revoke, all through
 * /api/v1/tenants/{tenant}/invitations from the client panel; this page only decides what the member may see. Needs
 * members.invite.
 */
export default async function InvitationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/invitations`);
  if (!page) return null; // a suspended tenant: the layout shows why
  const can = new Set(page.permissions);
  if (!can.has('members.invite')) {
    return (
      <div className="grid gap-5">
        <PageHeader title="Invitations" />
        <EmptyState icon={<ShieldOff />} title="You cannot invite people here">
          This needs the members.invite permission. Ask an administrator of {page.tenant.name} if you need it.
        </EmptyState>
      </div>
    );
  }
  return (
    <QueryProvider>
      <Suspense>
        <InvitationsPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
