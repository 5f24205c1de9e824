import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ShieldOff } from 'lucide-react';
import { InvitationsPanel } from '@/components/invitations/invitations-panel';
import { invitationListQuery, invitationsListKey, readInvitationListFilters } from '@/components/invitations/api';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { listInvitations } from '@/lib/invitations/list-invitations';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { consolePage } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Invitations' };

/**
 * The tenant's invitations: seats used of the plan's, the list, invite (one or many), resend and revoke, all through
 * /api/v1/tenants/{tenant}/invitations from the client panel; the first page of the list (and the seats), in the URL's
 * filters and order, is loaded here and arrives with the page. Needs members.invite.
 */
export default async function InvitationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/invitations`);
  if (!page) return null; // a suspended tenant: the layout shows why
  const can = new Set(page.permissions);
  if (!can.has('members.invite')) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Invitations" />
        <EmptyState icon={<ShieldOff />} title="You cannot invite people here">
          This needs the members.invite permission. Ask an administrator of {page.tenant.name} if you need it.
        </EmptyState>
      </div>
    );
  }
  const filters = readInvitationListFilters(await searchParams);
  const { state } = await prefetchTenantQueries(page, [
    {
      key: invitationsListKey(page.tenant.slug, filters),
      access: 'members.invite',
      load: (ctx) => listInvitations(ctx, invitationListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <InvitationsPanel tenant={page.tenant.slug} permissions={page.permissions} />
      </Suspense>
    </QueryProvider>
  );
}
