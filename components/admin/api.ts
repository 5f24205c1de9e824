import { TENANT_SORT_DIRS, TENANT_SORTS, type TenantSort } from '@/lib/platform-admin/schemas';
import { readParam, readTableSort, type ParamSource } from '@/components/ui/table-sort';

export { ApiError, api } from '@/components/api-client';

/** Zod-style `[{path, message}]` to `{ field: message }` (first message per field). */
export function errorsByField(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path.replace(/^query\./, '')] ??= e.message;
  return out;
}

/** Every query of the platform's tenant list (to invalidate after a change). */
export const adminTenantsKey = ['admin', 'tenants'] as const;
/** The tenant list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const adminTenantsListKey = (filters: { q: string; sort: string; dir: string }) => [...adminTenantsKey, filters] as const;

/** The orders of the tenant list (`?sort=&dir=`): slug A–Z by default; each header turns both ways. */
export const adminTenantSortOptions = {
  default: { id: 'slug', desc: TENANT_SORT_DIRS.slug === 'desc' },
  allowed: TENANT_SORTS,
};

export type AdminTenantListFilters = { q: string; sort: TenantSort; dir: 'asc' | 'desc' };

/** The tenant list's search and order from the URL (`?q=`, `?sort=`, `?dir=`): the panel and the server page read it alike. */
export function readAdminTenantListFilters(source: ParamSource): AdminTenantListFilters {
  const sort = readTableSort(source, adminTenantSortOptions);
  return { q: readParam(source, 'q') ?? '', sort: sort.id as TenantSort, dir: sort.desc ? 'desc' : 'asc' };
}

/** The API query of the tenant list's first page for these filters (the loader takes it as is). */
export function adminTenantListQuery(filters: AdminTenantListFilters): { q?: string; sort?: TenantSort; dir?: 'asc' | 'desc' } {
  const isDefault = filters.sort === 'slug' && filters.dir === 'asc';
  return { ...(filters.q ? { q: filters.q } : {}), ...(isDefault ? {} : { sort: filters.sort, dir: filters.dir }) };
}
