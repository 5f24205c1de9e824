import type { Metadata } from 'next';
import { Suspense } from 'react';
import { UsersTable } from '@/components/admin/users-table';
import { adminUserListQuery, adminUsersListKey, readAdminUserListFilters } from '@/components/admin/users-api';
import { prefetchQueries } from '@/components/providers/prefetch';
import { QueryProvider } from '@/components/providers/query-provider';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listUsers } from '@/lib/platform-admin/list-users';

export const metadata: Metadata = { title: 'People' };

/** Every account (platform admins; the layout turns others away). The first page, in the URL's search and status, arrives with the page. */
export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getCurrentUser();
  const filters = readAdminUserListFilters(await searchParams);
  const { state } = await prefetchQueries([
    {
      key: adminUsersListKey(filters),
      when: Boolean(user?.isPlatformAdmin),
      load: () => listUsers(user, adminUserListQuery(filters)),
      select: (first) => ({ pages: [first], pageParams: [null] }),
    },
  ]);
  return (
    <QueryProvider state={state}>
      <Suspense>
        <UsersTable currentUserId={user?.id ?? ''} />
      </Suspense>
    </QueryProvider>
  );
}
