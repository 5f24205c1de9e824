import { readParam, type ParamSource } from '@/components/ui/table-sort';
import { USER_STATUSES, type UserStatus } from '@/lib/platform-admin/user-schemas';

/** Every query of the platform's people list (to invalidate after a change). */
export const adminUsersKey = ['admin', 'users'] as const;
/** The people list's query key for a search and a status (the panel and the server prefetch use exactly this). */
export const adminUsersListKey = (filters: AdminUserListFilters) => [...adminUsersKey, filters] as const;

export type AdminUserListFilters = { q: string; status: UserStatus | '' };

/** The people list's search and status from the URL (`?q=`, `?status=`): the panel and the server page read it alike. */
export function readAdminUserListFilters(source: ParamSource): AdminUserListFilters {
  const status = readParam(source, 'status');
  return {
    q: readParam(source, 'q') ?? '',
    status: (USER_STATUSES as readonly string[]).includes(status ?? '') ? (status as UserStatus) : '',
  };
}

/** The API query of the people list's first page for these filters (the loader takes it as is). */
export function adminUserListQuery(filters: AdminUserListFilters): { q?: string; status?: UserStatus } {
  return { ...(filters.q ? { q: filters.q } : {}), ...(filters.status ? { status: filters.status } : {}) };
}
