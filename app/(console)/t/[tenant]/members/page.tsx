import type { Metadata } from 'next';
import { Suspense } from 'react';
import Link from 'next/link';
import { Lock } from 'lucide-react';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MembersTable } from '@/components/members/members-table';
import { memberListQuery, membersListKey, readMemberListFilters, roleOptionsKey } from '@/components/members/api';
import { prefetchTenantQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { listMembers } from '@/lib/tenancy/list-members';
import { getTenant } from '@/lib/tenancy/get-tenant';
import { listRoles } from '@/lib/access/list-roles';
import { buttonVariants } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Members' };

/**
 * Members of the tenant: search, role filter and order in the URL, roles and teams, last sign-in. Needs members.read.
 * The first page, in the URL's filters and order, is loaded here and arrives with the page (under the panel's own key).
 */
export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug } = await params;
  const page = await consolePage(slug, `/t/${slug}/members`);
  if (!page) return null;
  const can = new Set(page.permissions);
  const filters = readMemberListFilters(await searchParams);
  const { state } = await prefetchTenantQueries(page, [
    {
      key: membersListKey(slug, filters),
      access: 'members.read',
      when: can.has('members.read'),
      load: (ctx) => listMembers(ctx, memberListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
    // The attribute filter's definitions (the tenant, under the settings page's key).
    {
      key: ['tenant', slug],
      access: 'tenant.read',
      when: can.has('members.read') && can.has('tenant.read'),
      load: (ctx) => getTenant(ctx),
    },
    {
      key: roleOptionsKey(slug),
      access: 'roles.read',
      when: can.has('members.read') && can.has('roles.read'),
      load: (ctx) => listRoles(ctx, { limit: 200 }),
    },
  ]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Members"
        description="People in this tenant, their roles, teams and last sign-in. Open a member to change their access."
        actions={
          can.has('members.invite') ? (
            <Link href={`/t/${slug}/invitations`} className={buttonVariants({ variant: 'primary', size: 'sm' })}>
              Invite people
            </Link>
          ) : null
        }
      />
      {can.has('members.read') ? (
        <QueryProvider state={state}>
          <Suspense>
            <MembersTable
              tenant={slug}
              canReadRoles={can.has('roles.read')}
              canInvite={can.has('members.invite')}
              canReadTenant={can.has('tenant.read')}
            />
          </Suspense>
        </QueryProvider>
      ) : (
        <EmptyState icon={<Lock />} title="You cannot see the members">
          This needs the members.read permission. Ask an admin of this tenant.
        </EmptyState>
      )}
    </div>
  );
}
